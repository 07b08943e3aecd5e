/**
 * Phase 1 of the import, for one file: stream the AAF file through the parser and the mapping
 * into its staging table with COPY, on a connection of its own. Runs in a worker thread (see
 * stage-worker.ts) so that two files are read at once on two cores.
 */
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { readAafFile, type AafRecord } from '@/lib/directory/aaf/aaf-parser';
import { toAgent, toGuardian, toPupil, toSchool, type AafCategory, type Warning } from '@/lib/directory/aaf/aaf-mapping';
import { copyLine, writeWithBackpressure } from '@/lib/directory/copy-rows';

export const STAGING_COLUMNS: Record<AafCategory, string> = {
  EtabEducNat: 'op text, aaf_id text, uai text, name text, academie text, attrs text[], file int, line int',
  PersEducNat:
    'op text, aaf_id text, email text, last_name text, first_name text, dir_uais text[], attrs text[], file int, line int',
  Eleve:
    'op text, aaf_id text, ine text, last_name text, first_name text, birth_date date, school_uai text, class_uai text, class_aaf_id text, class_label text, level level, admitted boolean, legal_ids text[], attrs text[], file int, line int',
  PersRelEleve:
    'op text, aaf_id text, civility text, last_name text, first_name text, email text, mobile text, address_line text, postal_code text, city text, country text, pupil_ids text[], id_base text, attrs text[], file int, line int',
};

/** One record as a COPY line of its category's staging table (columns of STAGING_COLUMNS). */
export function stagingLine(
  category: AafCategory,
  r: AafRecord,
  fileIndex: number,
  warn: (w: Warning) => void,
): string {
  const where = [fileIndex, r.line];
  switch (category) {
    case 'EtabEducNat': {
      const s = toSchool(r);
      return copyLine([s.op, s.aafId, s.uai, s.name, s.academie, s.attrs, ...where]);
    }
    case 'PersEducNat': {
      const a = toAgent(r);
      return copyLine([a.op, a.aafId, a.email, a.lastName, a.firstName, a.dirUais, a.attrs, ...where]);
    }
    case 'Eleve': {
      const p = toPupil(r, warn);
      return copyLine([
        p.op,
        p.aafId,
        p.ine,
        p.lastName,
        p.firstName,
        p.birthDate,
        p.schoolUai,
        p.classUai,
        p.classAafId,
        p.classLabel,
        p.level,
        p.admitted,
        p.legalIds,
        p.attrs,
        ...where,
      ]);
    }
    case 'PersRelEleve': {
      const g = toGuardian(r, warn);
      return copyLine([
        g.op,
        g.aafId,
        g.civility,
        g.lastName,
        g.firstName,
        g.email,
        g.mobile,
        g.addressLine,
        g.postalCode,
        g.city,
        g.country,
        g.pupilIds,
        g.idBase,
        g.attrs,
        ...where,
      ]);
    }
  }
}

export interface StageJob {
  connectionString: string;
  file: string;
  fileIndex: number;
  category: AafCategory;
  table: string;
}

export async function stageFile(job: StageJob): Promise<{ rows: number; warnings: Partial<Record<Warning, number>> }> {
  const warnings: Partial<Record<Warning, number>> = {};
  const warn = (w: Warning) => (warnings[w] = (warnings[w] ?? 0) + 1);
  const client = new pg.Client({
    connectionString: job.connectionString,
    application_name: `import ${path.basename(job.file)}`,
  });
  await client.connect();
  let rows = 0;
  try {
    const stream = client.query(copyFrom(`copy ${job.table} from stdin`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    try {
      for await (const batch of readAafFile(job.file)) {
        let out = '';
        for (const r of batch) out += stagingLine(job.category, r, job.fileIndex, warn);
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
