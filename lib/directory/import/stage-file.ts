/**
 * Staging, for one file: the AAF file streamed through the parser and the mapping into its
 * staging table with COPY, on a connection of its own. Runs in a worker thread (stage-pool.ts)
 * so that two files are read at once on two cores.
 */
import path from 'node:path';
import { from as copyFrom } from 'pg-copy-streams';
import { readAafFile, type AafRecord } from '@/lib/directory/aaf/aaf-parser';
import {
  toAgent,
  toGuardian,
  toPupil,
  toSchool,
  type AafCategory,
  type Warning,
} from '@/lib/directory/aaf/aaf-mapping';
import { writeWithBackpressure } from '@/lib/directory/import/copy-rows';
import { copySql, stagingLine, type MappedRow, type StagingRow } from '@/lib/directory/import/staging';
import { newPgClient } from '@/lib/database/pg-client';

type Mapper<C extends AafCategory> = (r: AafRecord, warn: (w: Warning) => void) => MappedRow<C>;
const MAPPERS: { [C in AafCategory]: Mapper<C> } = {
  EtabEducNat: (r) => toSchool(r),
  PersEducNat: (r) => toAgent(r),
  Eleve: toPupil,
  PersRelEleve: toGuardian,
};

/** One record as the COPY line of its category's staging table. */
export function stagedLine(category: AafCategory, r: AafRecord, fileIndex: number, warn: (w: Warning) => void) {
  // The mapped row is fresh: its place in the files is added to it rather than to a copy.
  const row = (MAPPERS[category] as Mapper<AafCategory>)(r, warn) as Record<string, unknown>;
  row.file = fileIndex;
  row.line = r.line;
  return stagingLine(category, row as StagingRow<AafCategory>);
}

export interface StageJob {
  connectionString: string;
  file: string;
  fileIndex: number;
  category: AafCategory;
  table: string;
}

export type Warnings = Partial<Record<Warning, number>>;

export async function stageFile(job: StageJob): Promise<{ rows: number; warnings: Warnings }> {
  const warnings: Warnings = {};
  const warn = (w: Warning) => (warnings[w] = (warnings[w] ?? 0) + 1);
  const client = newPgClient({
    connectionString: job.connectionString,
    application_name: `import ${path.basename(job.file)}`,
  });
  await client.connect();
  let rows = 0;
  try {
    const stream = client.query(copyFrom(copySql(job.table, job.category)));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    try {
      for await (const batch of readAafFile(job.file)) {
        let out = '';
        for (const r of batch) out += stagedLine(job.category, r, job.fileIndex, warn);
        rows += batch.length;
        await writeWithBackpressure(stream, out);
      }
    } catch (e) {
      stream.destroy();
      await done.catch(() => undefined);
      throw e;
    }
    stream.end();
    await done;
    return { rows, warnings };
  } finally {
    await client.end().catch(() => undefined);
  }
}
