/**
 * Staging, for one file: the AAF file streamed through the parser and the mapping into its
 * staging table with COPY, on a connection of its own. Runs in a worker thread (stage-pool.ts)
 * so that two files are read at once on two cores.
 */
import path from 'node:path';
import { readAafFile, type AafRecord, type Recognition } from '@/lib/directory/aaf/aaf-parser';
import { isFingerprinted, KnownFingerprints } from '@/lib/directory/aaf/record-fingerprint';
import {
  toAgent,
  toGuardian,
  toPupil,
  toSchool,
  WARNINGS,
  type AafCategory,
  type Warning,
} from '@/lib/directory/aaf/aaf-mapping';
import { copyInto, writeWithBackpressure } from '@/lib/directory/import/copy-rows';
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
  let warnings = 0;
  const row = (MAPPERS[category] as Mapper<AafCategory>)(r, (w) => {
    warnings |= 1 << WARNINGS.indexOf(w);
    warn(w);
  }) as Record<string, unknown>;
  row.file = fileIndex;
  row.line = r.line;
  row.fingerprint = r.fingerprint ?? null;
  row.warnings = warnings;
  return stagingLine(category, row as StagingRow<AafCategory>);
}

export interface StageJob {
  connectionString: string;
  file: string;
  fileIndex: number;
  category: AafCategory;
  table: string;
  /**
   * A full export's pupils or guardians: the fingerprints the directory holds (shared memory,
   * record-fingerprint.ts) and the table that receives the records recognised by them.
   */
  recognition?: { known: BigInt64Array; table: string };
}

export type Warnings = Partial<Record<Warning, number>>;

export async function stageFile(job: StageJob): Promise<{ rows: number; recognised: number; warnings: Warnings }> {
  const warnings: Warnings = {};
  const warn = (w: Warning) => (warnings[w] = (warnings[w] ?? 0) + 1);
  const client = newPgClient({
    connectionString: job.connectionString,
    application_name: `import ${path.basename(job.file)}`,
  });
  await client.connect();
  let rows = 0;
  // The places of the recognised records, copied once the file is read (one COPY at a time per connection).
  const recognised: string[] = [];
  const recognition = job.recognition;
  const recognise: Recognition | undefined =
    recognition && isFingerprinted(job.category)
      ? {
          category: job.category,
          known: new KnownFingerprints(recognition.known),
          onKnown: (fp, line) => recognised.push(`${fp}\t${job.fileIndex}\t${line}\n`),
        }
      : undefined;
  try {
    await copyInto(client, copySql(job.table, job.category), async (stream) => {
      for await (const batch of readAafFile(job.file, { recognise })) {
        let out = '';
        for (const r of batch) out += stagedLine(job.category, r, job.fileIndex, warn);
        rows += batch.length;
        await writeWithBackpressure(stream, out);
      }
    });
    if (recognition && recognised.length) {
      await copyInto(client, `copy ${recognition.table} (fingerprint, file, line) from stdin`, async (stream) => {
        for (let i = 0; i < recognised.length; i += 10_000)
          await writeWithBackpressure(stream, recognised.slice(i, i + 10_000).join(''));
      });
    }
    return { rows, recognised: recognised.length, warnings };
  } finally {
    await client.end().catch(() => undefined);
  }
}
