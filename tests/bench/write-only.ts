/**
 * The second yardstick of `npm run bench:import`: how long PostgreSQL takes merely to WRITE the rows a
 * first import leaves — every row of the directory's tables, taken from the database the first import
 * filled and COPY'd back raw into an empty one, in one transaction, with the foreign keys and indexes
 * dropped before and built after, as the importer does (bulk-load.ts). No reading, no staging, no
 * checks, no numbering: what any importer that keeps the import all or nothing must at least pay on
 * this machine (docs/DECISIONS.md « How fast a first import can be »).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrateAll } from '@/lib/database/migrate-all';
import { dropKeysAndIndexes } from '@/lib/directory/import/bulk-load';
import { watchMachineLoad, type MachineLoad } from './support';

/** The tables a first import fills, in an order their remaining foreign keys accept. */
const FILLED = [
  'school',
  'school_class',
  'agent',
  'agent_school',
  'identifiant_counter',
  'pupil',
  'guardian',
  'account',
  'guardian_link',
  'director_row',
];
/** Rows that are the import's history, not the directory. */
const HISTORY = ['_prisma_migrations', 'directory_import', 'directory_import_set_aside'];

export interface WriteOnly {
  ms: number;
  steps: { step: string; ms: number }[];
  rows: number;
  processeurs: MachineLoad | null;
}

/**
 * Copies the directory of `sourceUrl` out to files in `dir`, then times writing it into the empty,
 * migrated database `targetUrl`.
 */
export async function timeWriteOnly(sourceUrl: string, targetUrl: string, dir: string): Promise<WriteOnly> {
  fs.mkdirSync(dir, { recursive: true });
  const columns = new Map<string, string>();
  const source = new pg.Client({ connectionString: sourceUrl });
  await source.connect();
  try {
    const { rows: tables } = await source.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by 1`,
    );
    for (const { name } of tables) {
      if (FILLED.includes(name) || HISTORY.includes(name)) continue;
      const { rows } = await source.query(`select exists (select 1 from ${pg.escapeIdentifier(name)}) as filled`);
      // A table the importer fills that this list forgets would make the yardstick too cheap.
      if (rows[0].filled) throw new Error(`écriture seule : la table ${name} a des lignes, et la liste l'oublie`);
    }
    for (const table of FILLED) {
      // Generated columns (the name keys) are computed again by the writing, as in an import.
      const { rows } = await source.query<{ list: string }>(
        `select string_agg(quote_ident(attname), ', ' order by attnum) as list from pg_attribute
          where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''`,
        [table],
      );
      columns.set(table, rows[0].list);
      await pipeline(
        source.query(copyTo(`copy (select ${rows[0].list} from ${table}) to stdout`)),
        fs.createWriteStream(path.join(dir, `${table}.tsv`)),
      );
    }
  } finally {
    await source.end();
  }
  await migrateAll(targetUrl);
  const target = new pg.Client({ connectionString: targetUrl });
  await target.connect();
  try {
    await target.query(`set work_mem = '256MB'; begin; set local educonnect.director_rows = 'deferred'`);
    const rebuild = await dropKeysAndIndexes(target);
    const steps: { step: string; ms: number }[] = [];
    const load = watchMachineLoad();
    const started = performance.now();
    const step = async (name: string, work: () => Promise<unknown>) => {
      const at = performance.now();
      await work();
      steps.push({ step: name, ms: Math.round(performance.now() - at) });
    };
    let rows = 0;
    for (const table of FILLED) {
      await step(`COPY ${table}`, async () => {
        const copy = target.query(copyFrom(`copy ${table} (${columns.get(table)}) from stdin`));
        await pipeline(fs.createReadStream(path.join(dir, `${table}.tsv`)), copy);
        rows += copy.rowCount;
      });
    }
    await step('index et clés', rebuild);
    await step('validation', () => target.query('commit'));
    return { ms: Math.round(performance.now() - started), steps, rows, processeurs: load() };
  } catch (e) {
    await target.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await target.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
