/**
 * Faults during the directory import (issue « Hardening », item 2): the worker killed (SIGKILL)
 * in the middle of the nightly import, then another started; the database connections cut in the
 * middle of an import (what a PostgreSQL restart does to it), then a retry. Each time: nothing
 * half-written, a clean failure recorded, then one successful import. (A full disk is not a case:
 * nothing is written outside PostgreSQL but the archived export.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { useTestClient } from '@/tests/support/pg-client';
import { useWorkerProcesses, waitFor } from '@/tests/support/worker-process';

const db = useTestClient();
const startWorker = useWorkerProcesses();

const count = async (sql: string) => (await db().query<{ n: number }>(sql)).rows[0].n;
const stagingTables = () => count(`select count(*)::int as n from pg_tables where tablename like 'import\\_%'`);

async function exportDir(schools: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-panne-'));
  await generateAaf({ outDir: dir, schools, pupilsPerSchool: 100, seed: 7, chunkSize: 2_000 });
  return dir;
}

beforeEach(async () => {
  await db().query(
    `truncate school, school_class, pupil, guardian, guardian_link, account, identifiant_counter, agent,
      agent_school, directory_import, audit_event restart identity cascade`,
  );
  await db().query(`delete from graphile_worker._private_jobs`);
});

describe('pannes pendant l’import', () => {
  it('worker tué (SIGKILL) pendant l’import de nuit : base inchangée, puis réussi une fois', async () => {
    const dir = await exportDir(100);
    const worker = () => startWorker({ AAF_IMPORT_DIR: dir });
    await db().query(`select graphile_worker.add_job('aaf-import-nightly', '{}'::json)`);
    const first = worker();
    // Killed once the import has begun staging the files (its tables exist), long before the end.
    await waitFor(stagingTables, (n) => n > 0, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(await count(`select count(*)::int as n from directory_import where outcome = 'SUCCEEDED'`)).toBe(0);
    expect(await count(`select count(*)::int as n from school`)).toBe(0);
    expect(await count(`select count(*)::int as n from account`)).toBe(0);

    worker();
    await waitFor(
      () => count(`select count(*)::int as n from directory_import where outcome = 'SUCCEEDED'`),
      (n) => n === 1,
      120_000,
    );
    await waitFor(
      () => count(`select count(*)::int as n from graphile_worker.jobs`),
      (n) => n === 0,
      30_000,
    );
    const attempts = (await db().query(`select outcome, error from directory_import order by id`)).rows;
    expect(attempts).toEqual([
      {
        outcome: 'FAILED',
        error: "import interrompu : le processus s'est arrêté avant la fin ; rien n'a été écrit",
      },
      { outcome: 'SUCCEEDED', error: null },
    ]);
    expect(await count(`select count(*)::int as n from school`)).toBe(100);
    expect(await stagingTables()).toBe(0);
    // The export was archived once, under the successful import.
    const [ok] = (await db().query(`select id from directory_import where outcome = 'SUCCEEDED'`)).rows;
    expect(fs.readdirSync(path.join(dir, 'archives'))).toEqual([String(ok.id)]);
    fs.rmSync(dir, { recursive: true });
  }, 240_000);

  it('connexions coupées pendant l’import (redémarrage de PostgreSQL) : échec propre, puis réussite', async () => {
    const dir = await exportDir(60);
    const running = importDirectory({ connectionString: process.env.DATABASE_URL!, paths: [dir] });
    const outcome = running.then(
      () => 'réussi',
      (e: Error) => e.message,
    );
    await waitFor(stagingTables, (n) => n > 0, 60_000);
    await db().query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    expect(await outcome).toMatch(/^erreur inattendue : /);
    expect(await count(`select count(*)::int as n from school`)).toBe(0);
    expect(await count(`select count(*)::int as n from pupil`)).toBe(0);

    const again = await importDirectory({ connectionString: process.env.DATABASE_URL!, paths: [dir] });
    expect(again.ecoles).toBe(60);
    expect(await count(`select count(*)::int as n from directory_import where outcome = 'SUCCEEDED'`)).toBe(1);
    expect(await count(`select count(*)::int as n from directory_import where outcome = 'RUNNING'`)).toBe(0);
    expect(await stagingTables()).toBe(0);
    fs.rmSync(dir, { recursive: true });
  }, 180_000);
});
