/** Worker thread body: stages the files it is given, one message per file. */
import { parentPort } from 'node:worker_threads';
import { ImportRefused } from '@/lib/directory/errors';
import { stageFile, type StageJob } from '@/lib/directory/stage-file';

parentPort!.on('message', async (job: StageJob) => {
  try {
    parentPort!.postMessage({ ok: true, ...(await stageFile(job)) });
  } catch (e) {
    const r = e instanceof ImportRefused ? e : null;
    parentPort!.postMessage({ ok: false, message: r ? r.message : `${(e as Error).message}`, refused: !!r });
  }
});
