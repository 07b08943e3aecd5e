/** Worker thread body: stages the files it is given, one message per file. */
import { parentPort } from 'node:worker_threads';
import { isDomainError } from '@/lib/errors';
import { stageFile, type StageJob } from '@/lib/directory/import/stage-file';

parentPort!.on('message', async (job: StageJob) => {
  try {
    parentPort!.postMessage({ ok: true, ...(await stageFile(job)) });
  } catch (e) {
    // A refusal crosses the thread boundary as its parts, and becomes a DomainError again there.
    const params = isDomainError(e, 'IMPORT_REFUSED') ? e.params : { problem: (e as Error).message };
    parentPort!.postMessage({ ok: false, params });
  }
});
