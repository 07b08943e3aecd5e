/**
 * Phase « stage »: every file streamed into its staging table, two files at a time on two worker
 * threads (each with its own connection), largest first; IMPORT_THREADS=0 reads them one at a
 * time in this thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CATEGORIES, type AafCategory, type Warning } from '@/lib/directory/aaf/aaf-mapping';
import type { ImportContext } from '@/lib/directory/import/context';
import { STAGING, stagingTable } from '@/lib/directory/import/staging';
import { DomainError } from '@/lib/errors';
import { stageFile, type StageJob, type Warnings } from '@/lib/directory/import/stage-file';
import { startThreads } from '@/lib/threads/thread-code';

type Answer = { ok: true; warnings: Warnings } | { ok: false; params: DomainError<'IMPORT_REFUSED'>['params'] };

function addWarnings(into: Warnings, more: Warnings) {
  for (const [k, n] of Object.entries(more)) into[k as Warning] = (into[k as Warning] ?? 0) + (n ?? 0);
}

/** Runs one job on a worker thread and waits for its answer. */
function runOn(worker: Worker, job: StageJob): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('error', onError);
    worker.once('message', (m: Answer) => {
      worker.off('error', onError);
      resolve(m);
    });
    worker.postMessage(job);
  });
}

export async function stageAll(jobs: StageJob[], progress: (m: string) => void): Promise<Warnings> {
  const warnings: Warnings = {};
  const queue = [...jobs].sort((a, b) => fs.statSync(b.file).size - fs.statSync(a.file).size);
  const parallel = Math.min(Number(process.env.IMPORT_THREADS ?? 2), queue.length);
  if (parallel < 1) {
    for (const job of queue) {
      progress(`lecture de ${path.basename(job.file)}`);
      addWarnings(warnings, (await stageFile(job)).warnings);
    }
    return warnings;
  }
  const workers = await startThreads(new URL('./stage-worker.ts', import.meta.url), parallel);
  try {
    let failure: DomainError | null = null;
    await Promise.all(
      workers.map(async (w) => {
        for (let job = queue.shift(); job && !failure; job = queue.shift()) {
          progress(`lecture de ${path.basename(job.file)}`);
          const answer = await runOn(w, job);
          if (!answer.ok) failure ??= new DomainError('IMPORT_REFUSED', answer.params);
          else addWarnings(warnings, answer.warnings);
        }
      }),
    );
    if (failure) throw failure;
    return warnings;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Stages the whole export of one import into its staging tables (created beforehand by the
 * import record), then exposes them to the phases as the temporary views stg_school, stg_agent,
 * stg_pupil and stg_guardian of the import's connection.
 */
export async function stageExport(
  ctx: ImportContext,
  {
    importId,
    connectionString,
    files,
  }: { importId: number; connectionString: string; files: { file: string; category: AafCategory }[] },
): Promise<Warnings> {
  const jobs = files.map(({ file, category }, fileIndex) => ({
    ...{ connectionString, file, fileIndex, category },
    table: stagingTable(importId, category),
  }));
  const warnings = await stageAll(jobs, ctx.progress);
  for (const c of CATEGORIES) {
    await ctx.client.query(`create temp view stg_${STAGING[c].table} as select * from ${stagingTable(importId, c)}`);
  }
  await ctx.client.query(CATEGORIES.map((c) => `analyze ${stagingTable(importId, c)}`).join('; '));
  return warnings;
}
