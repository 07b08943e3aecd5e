/** The nightly crontab task imports what lies in AAF_IMPORT_DIR, then archives it. */
import fs from 'node:fs';
import path from 'node:path';
import { runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { taskList } from '@/workers/tasks';
import { crontab } from '@/workers/crontab';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';
import { useTestClient } from '@/tests/support/pg-client';

const db = useTestClient();
const A = '0310000G';

async function runJobs() {
  await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
}

describe('import de nuit', () => {
  it('la crontab planifie l’import et les statistiques de nuit', () => {
    expect(crontab()).toMatch(/^0 2 \* \* \* aaf-import-nightly /m);
    expect(crontab()).toMatch(/^30 4 \* \* \* stats-nightly /m);
  });

  it('importe le dossier, puis range l’export dans archives/<n° d’import>/', async () => {
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-NUIT')],
      agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
      pupils: [pupil('P1', { first: 'Léa', last: 'NUIT', uai: A, legal: ['G1'] })],
      guardians: [guardian('G1', { first: 'Anne', last: 'NUIT', pupils: ['P1'] })],
    });
    await db().query(`select graphile_worker.add_job('aaf-import-nightly', json_build_object('dir', $1::text))`, [dir]);
    await runJobs();
    const [imp] = (await db().query(`select id, outcome from directory_import order by id desc limit 1`)).rows;
    expect(imp.outcome).toBe('SUCCEEDED');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'archives', String(imp.id)))).toHaveLength(4);
    expect((await db().query(`select count(*)::int as n from account`)).rows[0].n).toBe(1);

    // An empty folder the next night: nothing to do, no failure.
    await db().query(`select graphile_worker.add_job('aaf-import-nightly', json_build_object('dir', $1::text))`, [dir]);
    await runJobs();
    expect((await db().query(`select count(*)::int as n from directory_import`)).rows[0].n).toBe(1);
    expect((await db().query(`select count(*)::int as n from graphile_worker.jobs`)).rows[0].n).toBe(0);
  });

  it('un export refusé reste dans le dossier et la tâche échoue avec le message de l’importeur', async () => {
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-NUIT')],
      pupils: [pupil('P9', { first: 'X', last: 'Y', uai: A, legal: ['G404'] })],
    });
    await db().query(
      `select graphile_worker.add_job('aaf-import-nightly', json_build_object('dir', $1::text), max_attempts := 1)`,
      [dir],
    );
    await runJobs();
    const [job] = (
      await db().query(`select last_error from graphile_worker.jobs where task_identifier = 'aaf-import-nightly'`)
    ).rows;
    expect(job.last_error).toMatch(/export complet incomplet/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))).toHaveLength(2);
  });
});
