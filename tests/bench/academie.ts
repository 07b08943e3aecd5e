/**
 * An académie-sized database shared by the benchmarks that read (Responsables, statistics):
 * 4,000 schools × 150 pupils from the generator, plus one large school of 1,000 pupils, imported
 * once through the real importer and kept in `.data/bench-postgres` (or, with DATABASE_URL, in the
 * database `educonnect_bench_academie` of that server) so that the next benchmark starts at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateAaf, uaiFor } from '@/lib/directory/generate/aaf-generator';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { acquireCluster, releaseCluster, type Cluster } from '@/lib/database/embedded-postgres';
import { migrateAll } from '@/lib/database/migrate-all';
import { dataRoot } from '@/lib/config/paths';

export const ACADEMIE = { schools: 4000, pupilsPerSchool: 150, seed: 2026 };
export const BIG_SCHOOL = { pupils: 1000, schoolBase: 9000, idBase: 50_000_000, seed: 77 };
export const bigSchoolUai = uaiFor(BIG_SCHOOL.schoolBase);

const cluster: Cluster = { root: path.join(dataRoot, 'bench-postgres'), user: 'educonnect' };
const DB = 'educonnect_bench_academie';

export async function academieDatabase(log: (m: string) => void): Promise<{ url: string; release(): Promise<void> }> {
  let url: string;
  let release = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DB]);
    if (!rowCount) await admin.query(`create database ${DB}`);
    await admin.end();
    u.pathname = `/${DB}`;
    url = u.toString();
  } else {
    fs.mkdirSync(cluster.root, { recursive: true });
    url = await acquireCluster(cluster, DB);
    release = () => releaseCluster(cluster);
  }
  await migrateAll(url);
  const count = async (sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<{ n: number }>(sql, params)).rows[0].n;
    } finally {
      await c.end();
    }
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-academie-'));
  try {
    if ((await count(`select count(*)::int as n from school where detached_at is null`)) < ACADEMIE.schools) {
      log(
        `préparation de la base « académie » (${ACADEMIE.schools * ACADEMIE.pupilsPerSchool} élèves, ` +
          'une fois pour toutes)…',
      );
      await generateAaf({ outDir: path.join(work, 'a'), ...ACADEMIE });
      log('import de l’académie…');
      await importDirectory({ connectionString: url, paths: [path.join(work, 'a')] });
    }
    if (!(await count(`select count(*)::int as n from school where uai = $1`, [bigSchoolUai]))) {
      log('une grande école de 1 000 élèves…');
      await generateAaf({
        outDir: path.join(work, 'b'),
        schools: 1,
        pupilsPerSchool: BIG_SCHOOL.pupils,
        seed: BIG_SCHOOL.seed,
        idBase: BIG_SCHOOL.idBase,
        schoolBase: BIG_SCHOOL.schoolBase,
        prefix: 'ENT_GRANDE',
        academie: 'MONTPELLIER',
      });
      await importDirectory({ connectionString: url, paths: [path.join(work, 'b')], mode: 'delta' });
    }
    if (!(await count(`select count(*)::int as n from account where last_login_at is not null`))) {
      // Every state and origin, some dates: the search and the statistics have real work to do.
      log('comptes dans tous les états…');
      const s = new pg.Client({ connectionString: url });
      await s.connect();
      await s.query(`
        update account set
          state = (array['NON_NOTIFIE','NOTIFIE_NON_ACTIVE','EN_COURS_ACTIVATION','ACTIVE'])[1 + id % 4]::account_state,
          origin = case when id % 4 = 0 then 'NON_RENSEIGNE'
                        else (array['ETABLISSEMENT','RESPONSABLE','FRANCECONNECT'])[1 + id % 3] end::account_origin,
          distributed_at = case when id % 4 > 0 then now() - (id % 90) * interval '1 day' end,
          last_login_at = case when id % 4 > 1 then now() - (id % 60) * interval '1 day' end`);
      await s.query('vacuum analyze');
      await s.end();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { url, release };
}
