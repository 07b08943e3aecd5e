/** The nightly crontab tasks, run through the worker: the import of AAF_IMPORT_DIR (then archived), the statistics. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger, parseCrontab, runOnce } from 'graphile-worker';
import { afterAll, describe, expect, it } from 'vitest';
import { taskList } from '@/workers/tasks';
import { crontab } from '@/workers/crontab';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';
import { useTestClient } from '@/tests/support/pg-client';

const db = useTestClient();
const A = '0310000G';
// Test files share their process (vitest.config.ts): leave the environment as it was found.
afterAll(() => {
  delete process.env.AAF_IMPORT_DIR;
});

/** The crontab's jobs carry no payload: the folder comes from the worker's environment, as in production. */
async function nightly(task: 'aaf-import-nightly' | 'stats-nightly', dir?: string, maxAttempts?: number) {
  // `process.env.X = undefined` would set the text « undefined »: no folder is no variable at all.
  if (dir === undefined) delete process.env.AAF_IMPORT_DIR;
  else process.env.AAF_IMPORT_DIR = dir;
  await db().query(`select graphile_worker.add_job($1::text, max_attempts := $2::int)`, [task, maxAttempts ?? null]);
  await runJobs();
}

/** What the tasks logged during the last runJobs (level and message). */
let logged: { level: string; message: string }[] = [];

async function runJobs() {
  logged = [];
  const logger = new Logger(() => (level, message) => void logged.push({ level, message }));
  await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true, logger });
}

describe('import de nuit', () => {
  it('la crontab planifie l’import et les statistiques de nuit, et la lecture des rebonds', () => {
    expect(crontab()).toMatch(/^0 2 \* \* \* aaf-import-nightly /m);
    expect(crontab()).toMatch(/^30 4 \* \* \* stats-nightly /m);
    // UTC times: Paris keeps them (3:00 in winter, 4:00 in summer); an overseas académie gets Paris's
    // winter hours on its own clock — La Réunion (UTC+4), the Antilles (UTC−4), across midnight.
    expect(crontab('Europe/Paris')).toBe(crontab());
    expect(crontab('Indian/Reunion')).toMatch(/^0 23 \* \* \* aaf-import-nightly /m);
    expect(crontab('Indian/Reunion')).toMatch(/^30 2 \* \* 0 purge-accounts /m);
    expect(crontab('America/Martinique')).toMatch(/^0 7 \* \* \* aaf-import-nightly /m);
    expect(crontab('America/Martinique')).toMatch(/^30 10 \* \* 0 purge-accounts /m);
    expect(crontab('Pacific/Kiritimati')).toMatch(/^30 16 \* \* 6 purge-accounts /m);
    // The bounce mailbox is read every 5 minutes, in every zone.
    expect(crontab('Indian/Reunion')).toMatch(/^\*\/5 \* \* \* \* read-bounces /m);
    expect(parseCrontab(crontab('America/Cayenne'))).toHaveLength(6);
  });

  it('importe le dossier, puis range l’export dans archives/<n° d’import>/', async () => {
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-NUIT')],
      agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
      pupils: [pupil('P1', { first: 'Léa', last: 'NUIT', uai: A, legal: ['G1'] })],
      guardians: [guardian('G1', { first: 'Anne', last: 'NUIT', pupils: ['P1'] })],
    });
    await nightly('aaf-import-nightly', dir);
    const [imp] = (await db().query(`select id, outcome from directory_import order by id desc limit 1`)).rows;
    expect(imp.outcome).toBe('SUCCEEDED');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'archives', String(imp.id)))).toHaveLength(4);
    expect((await db().query(`select count(*)::int as n from account`)).rows[0].n).toBe(1);

    // An empty folder the next night: nothing to do, no failure.
    await nightly('aaf-import-nightly', dir);
    expect((await db().query(`select count(*)::int as n from directory_import`)).rows[0].n).toBe(1);
    expect((await db().query(`select count(*)::int as n from graphile_worker.jobs`)).rows[0].n).toBe(0);
  });

  it('un export refusé reste dans le dossier et la tâche échoue avec le message de l’importeur', async () => {
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-NUIT')],
      pupils: [pupil('P9', { first: 'X', last: 'Y', uai: A, legal: ['G404'] })],
    });
    await nightly('aaf-import-nightly', dir, 1);
    const [job] = (
      await db().query(`select last_error from graphile_worker.jobs where task_identifier = 'aaf-import-nightly'`)
    ).rows;
    expect(job.last_error).toMatch(/export complet incomplet/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))).toHaveLength(2);
  });

  it('sans AAF_IMPORT_DIR, la tâche ne fait rien et ne refuse rien', async () => {
    const count = async () => (await db().query(`select count(*)::int as n from directory_import`)).rows[0].n;
    const before = await count();
    await nightly('aaf-import-nightly', undefined);
    expect(await count()).toBe(before);
    const pending = `select count(*)::int as n from graphile_worker.jobs where last_error is null`;
    expect((await db().query(pending)).rows[0].n).toBe(0);
  });

  it('les statistiques de nuit passent par le worker : un instantané par école rattachée', async () => {
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-NUIT'), school('0310001H', 'E.E.PU-JOUR')],
      agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
      pupils: [pupil('P1', { first: 'Léa', last: 'NUIT', uai: A, legal: ['G1'] })],
      guardians: [guardian('G1', { first: 'Anne', last: 'NUIT', pupils: ['P1'] })],
    });
    await nightly('aaf-import-nightly', dir);
    await nightly('stats-nightly');
    const { rows } = await db().query(
      `select s.uai, (x.data->'summary'->>'comptes')::int as comptes
         from stats_snapshot x join school s on s.id = x.school_id order by s.uai`,
    );
    expect(rows).toEqual([
      { uai: A, comptes: 1 },
      { uai: '0310001H', comptes: 0 },
    ]);
    const pending = `select count(*)::int as n from graphile_worker.jobs where last_error is null`;
    expect((await db().query(pending)).rows[0].n).toBe(0);
  });

  it('plusieurs exports en attente après une nuit manquée : chacun appliqué à son tour, par date', async () => {
    const imports = async () =>
      (await db().query(`select outcome from directory_import order by id`)).rows.map((r) => r.outcome);
    const before = (await imports()).length;
    const dir = await writeExport(
      {
        schools: [school(A, 'E.E.PU-NUIT'), school('0310001H', 'E.E.PU-JOUR')],
        agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
        pupils: [pupil('P1', { first: 'Léa', last: 'NUIT', uai: A, legal: ['G1'] })],
        guardians: [guardian('G1', { first: 'Anne', last: 'NUIT', pupils: ['P1'] })],
      },
      { date: '20261130' },
    );
    const mail = (email: string) => ({
      guardians: [{ op: 'modify' as const, id: 'G1', attrs: { ENTPersonMail: email } }],
    });
    // Older than the full export: replaced by it. Then two days of changes to the same person, which
    // read as one export would look like a corrupt drop (« G1 » twice).
    await writeExport(mail('perime@exemple.fr'), { delta: true, dir, date: '20261129' });
    await writeExport(mail('anne.nuit@exemple.fr'), { delta: true, dir, date: '20261201' });
    await writeExport(mail('anne@exemple.fr'), { delta: true, dir, date: '20261202' });
    await nightly('aaf-import-nightly', dir);
    expect((await imports()).slice(before)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect((await db().query(`select email from guardian where aaf_id = 'G1'`)).rows[0].email).toBe('anne@exemple.fr');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'archives', 'remplaces', '20261129-delta'))).toEqual([
      'ENT_TEST_Delta_20261129_PersRelEleve_0000.xml',
    ]);
    expect(logged.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/^export delta du 29-11-2026 remplacé par un export complet plus récent/),
    );

    // A refused export stops the night there: it and those after it wait, in place.
    const broken = await writeExport(mail('coupe@exemple.fr'), { delta: true, dir, date: '20261203' });
    const file = path.join(broken, 'ENT_TEST_Delta_20261203_PersRelEleve_0000.xml');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 200));
    await writeExport(mail('apres@exemple.fr'), { delta: true, dir, date: '20261204' });
    await nightly('aaf-import-nightly', dir, 1);
    expect((await imports()).length).toBe(before + 4);
    expect((await imports()).at(-1)).toBe('FAILED');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))).toEqual([
      'ENT_TEST_Delta_20261203_PersRelEleve_0000.xml',
      'ENT_TEST_Delta_20261204_PersRelEleve_0000.xml',
    ]);
    expect((await db().query(`select email from guardian where aaf_id = 'G1'`)).rows[0].email).toBe('anne@exemple.fr');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.xml'))) fs.rmSync(path.join(dir, f));
  });

  it('un dossier vide deux nuits de suite : le journal le dit pour que l’exploitant vérifie le dépôt', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-vide-'));
    try {
      await nightly('aaf-import-nightly', dir);
      expect(logged.filter((l) => l.level === 'warning')).toEqual([]);
      await db().query(`update directory_import set finished_at = finished_at - interval '3 days'`);
      await nightly('aaf-import-nightly', dir);
      expect(logged.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
        expect.stringMatching(/^aucun export à importer dans .*, et aucun import réussi depuis le .* \(7\d h\) : /),
      ]);
    } finally {
      await db().query(`update directory_import set finished_at = finished_at + interval '3 days'`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Last: its 120 pupils would be a mass detachment for the exports of the tests above.
  it('un enregistrement en conflit mis de côté : l’import passe, le journal le nomme (fichier, ligne)', async () => {
    const pupils = Array.from({ length: 120 }, (_, i) =>
      pupil(`P${i}`, { first: 'Léa', last: `NUIT${i}`, uai: A, legal: ['G1'] }),
    );
    const stray = pupil('X1', { first: 'Max', last: 'AILLEURS', uai: '0999999Z', legal: ['G1'] });
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-NUIT')],
      agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
      pupils: [...pupils, stray],
      guardians: [guardian('G1', { first: 'Anne', last: 'NUIT', pupils: pupils.map((p) => p.id) })],
    });
    await nightly('aaf-import-nightly', dir);
    const [imp] = (await db().query(`select outcome, counts from directory_import order by id desc limit 1`)).rows;
    expect(imp.outcome).toBe('SUCCEEDED');
    expect(imp.counts.misDeCote).toBe(1);
    const warnings = logged.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(
          '^mis de côté : ENT_TEST_Complet_20261128_Eleve_0000\\.xml, ligne \\d+ : ' +
            "l'élève « X1 » est rattaché à un établissement inconnu \\(0999999Z\\)$",
        ),
      ),
    );
  });
});
