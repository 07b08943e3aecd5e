/**
 * Phase « stage »: every file streamed into its staging table, two files at a time on two worker
 * threads (each with its own connection), largest first; IMPORT_THREADS=0 reads them one at a
 * time in this thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CATEGORIES, WARNINGS, type AafCategory, type Warning } from '@/lib/directory/aaf/aaf-mapping';
import type { ImportContext } from '@/lib/directory/import/context';
import {
  FINGERPRINTED,
  isFingerprinted,
  KnownFingerprints,
  type FingerprintedCategory,
} from '@/lib/directory/aaf/record-fingerprint';
import { copyOutInt8 } from '@/lib/directory/import/copy-int8';
import { recognisedTable, STAGING, stagingTable } from '@/lib/directory/import/staging';
import { DomainError } from '@/lib/errors';
import { stageFile, type StageJob, type Warnings } from '@/lib/directory/import/stage-file';
import { startThreads } from '@/lib/threads/thread-code';

type Answer =
  { ok: true; warnings: Warnings; recognised: number } | { ok: false; params: DomainError<'IMPORT_REFUSED'>['params'] };

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

/**
 * The young generation of each reading thread. Every record makes short-lived strings, maps and
 * arrays: with V8's default (16 MiB semi-spaces) the collector took 18 % of a reading thread's time;
 * 32 MiB semi-spaces (V8 sizes the young generation at three of them) cut a file's reading by about a
 * tenth, and a first import's reading from 25.7–27.2 to 20.7–23.3 s. The importer's peak memory went
 * from 366–385 to 368–432 MB for a first import, 458 to 516 MB for an unchanged one
 * (docs/BENCHMARKS.md, session 14).
 */
const READER_YOUNG_GENERATION_MB = 96;

export async function stageAll(
  jobs: StageJob[],
  progress: (m: string) => void,
): Promise<{ warnings: Warnings; recognised: number }> {
  const warnings: Warnings = {};
  let recognised = 0;
  const queue = [...jobs].sort((a, b) => fs.statSync(b.file).size - fs.statSync(a.file).size);
  const parallel = Math.min(Number(process.env.IMPORT_THREADS ?? 2), queue.length);
  if (parallel < 1) {
    for (const job of queue) {
      progress(`lecture de ${path.basename(job.file)}`);
      const staged = await stageFile(job);
      addWarnings(warnings, staged.warnings);
      recognised += staged.recognised;
    }
    return { warnings, recognised };
  }
  const workers = await startThreads(new URL('./stage-worker.ts', import.meta.url), parallel, {
    resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
  });
  try {
    let failure: DomainError | null = null;
    await Promise.all(
      workers.map(async (w) => {
        for (let job = queue.shift(); job && !failure; job = queue.shift()) {
          progress(`lecture de ${path.basename(job.file)}`);
          const answer = await runOn(w, job);
          if (!answer.ok) failure ??= new DomainError('IMPORT_REFUSED', answer.params);
          else {
            addWarnings(warnings, answer.warnings);
            recognised += answer.recognised;
          }
        }
      }),
    );
    if (failure) throw failure;
    return { warnings, recognised };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * IMPORT_FINGERPRINTS=0 reads every record of a full export (record-fingerprint.ts): none is
 * recognised, but each still gets its fingerprint, so that turning it back on costs nothing.
 */
const recognitionWanted = (env: NodeJS.ProcessEnv = process.env) => env.IMPORT_FINGERPRINTS !== '0';

/** The fingerprints the directory holds for the rows still attached, by category (none when not wanted). */
async function knownFingerprints(ctx: ImportContext): Promise<Record<FingerprintedCategory, KnownFingerprints>> {
  const known = {} as Record<FingerprintedCategory, KnownFingerprints>;
  const wanted = recognitionWanted();
  for (const c of FINGERPRINTED) {
    if (!wanted) {
      known[c] = KnownFingerprints.of([]);
      continue;
    }
    // Streamed by a binary COPY (14 bytes per row cross the connection, no string per value) into shared
    // memory, sorted here.
    const values = await copyOutInt8(
      ctx.client,
      `select aaf_fingerprint from ${STAGING[c].table} where aaf_fingerprint is not null and detached_at is null`,
    );
    known[c] = KnownFingerprints.sortedInPlace(values);
  }
  return known;
}

/**
 * What the conflicts of a recognised record are checked against (set-aside.ts), read from its row with
 * the rest: its relation list, and for a pupil its school and class. The conflicts then read the
 * recognised records alone, without joining their whole table again (two joins of 600,000 pupils and
 * 915,000 guardians: about 1 s of an unchanged re-import's 12).
 */
const SEEN_COLUMNS: Record<FingerprintedCategory, string> = {
  Eleve: 't.aaf_legal_ids as legal_ids, t.school_id, t.class_id',
  PersRelEleve: 't.aaf_pupil_ids as pupil_ids',
};

/**
 * Stages the whole export of one import into its staging tables (created beforehand by the
 * import record), then exposes them to the phases as the temporary views stg_school, stg_agent,
 * stg_pupil and stg_guardian of the import's connection. In a full export, the pupils and guardians
 * that the directory holds byte for byte are recognised by their fingerprint instead: the
 * temporary tables seen_pupil and seen_guardian (id, aaf_id, file, line, aaf_warnings, and SEEN_COLUMNS)
 * list them, and every phase that must know what the export lists reads them beside the staged rows
 * (`listed` in recognised.ts).
 */
export async function stageExport(
  ctx: ImportContext,
  {
    importId,
    connectionString,
    files,
  }: { importId: number; connectionString: string; files: { file: string; category: AafCategory }[] },
): Promise<Warnings> {
  const known = ctx.mode === 'complet' ? await knownFingerprints(ctx) : null;
  const jobs: StageJob[] = files.map(({ file, category }, fileIndex) => ({
    ...{ connectionString, file, fileIndex, category },
    table: stagingTable(importId, category),
    ...(known && isFingerprinted(category)
      ? { recognition: { known: known[category].sorted, table: recognisedTable(importId, category) } }
      : {}),
  }));
  const { warnings, recognised } = await stageAll(jobs, ctx.progress);
  if (known) ctx.progress('enregistrements reconnus');
  if (recognised)
    ctx.progress(`${recognised} enregistrement(s) reconnus à leur empreinte, identiques à l'import précédent`);
  for (const c of CATEGORIES) {
    await ctx.client.query(`create temp view stg_${STAGING[c].table} as select * from ${stagingTable(importId, c)}`);
  }
  for (const c of FINGERPRINTED) {
    const table = STAGING[c].table;
    await ctx.client.query(`
      create temp table seen_${table} on commit drop as
      select t.id, t.aaf_id, r.file, r.line, t.aaf_warnings, ${SEEN_COLUMNS[c]}
        from ${recognisedTable(importId, c)} r join ${table} t on t.aaf_fingerprint = r.fingerprint
       where t.detached_at is null`);
    // The warnings a recognised record raised when it was read count as if it had been read again.
    const { rows } = await ctx.client.query<{ bit: number; n: number }>(`
      select w.bit, count(*)::int as n
        from seen_${table} r cross join generate_series(0, ${WARNINGS.length - 1}) w(bit)
       where r.aaf_warnings <> 0 and r.aaf_warnings & (1 << w.bit) <> 0 group by w.bit`);
    addWarnings(warnings, Object.fromEntries(rows.map((r) => [WARNINGS[r.bit], r.n])));
  }
  await ctx.client.query(
    [...CATEGORIES.map((c) => stagingTable(importId, c)), 'seen_pupil', 'seen_guardian']
      .map((t) => `analyze ${t}`)
      .join('; '),
  );
  return warnings;
}
