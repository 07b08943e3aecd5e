/**
 * The operator CLI: results on stdout, exit codes 0 / 1 / 2. Its command lines run through the
 * function its process runs; a few in real processes, as an operator runs them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestClient } from '@/tests/support/pg-client';
import { encryptSecret } from '@/lib/accounts/secrets';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';
import { stopRenderThreads } from '@/letters/render-parallel';
import { cli as runCliHere } from '@/tests/support/cli';

const root = path.resolve(__dirname, '../..');

/** The CLI as a process, as an operator runs it: what only a process shows (exit codes, bytes written). */
function cliProcess(...args: string[]) {
  const r = spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A command line, in this process (tests/support/cli.ts). */
const cli = (...args: string[]) => runCliHere(args);

const A = '0310000G';
const B_EXTRA = '0310001H';
const db = useTestClient();

describe('npm run cli', () => {
  afterAll(stopRenderThreads);

  it('help liste les commandes ; une commande inconnue sort en 2 avec un message clair', async () => {
    const help = cliProcess('help');
    expect(help.code).toBe(0);
    for (const c of ['import CHEMIN', 'aaf:generate', 'accounts UAI --csv', 'stats UAI [--json]', 'jobs', 'db:migrate'])
      expect(help.out).toContain(c);
    const bad = cliProcess('nimporte-quoi');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Commande inconnue : « nimporte-quoi »');
    expect(bad.out).toBe('');
  });

  it('une option manquante est une erreur d’usage (2)', async () => {
    const r = await cli('aaf:generate', '--schools', '2');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out est obligatoire');
  });

  it('import : résumé en JSON sur la sortie standard, progression sur la sortie d’erreur ; refus en 1', async () => {
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-LES TILLEULS')],
      agents: [director('D1', 'Élise', 'DUBOIS', 'elise.dubois@ac-toulouse.fr', [A])],
      pupils: [
        pupil('P1', {
          first: 'Alice',
          last: 'ZOUMN',
          uai: A,
          classId: 'C1',
          classLabel: 'CM1 NEW',
          level: 'CM1',
          legal: ['G1', 'G2'],
        }),
        pupil('P2', {
          first: 'Bilal',
          last: "'DXERNAD",
          uai: A,
          classId: 'C2',
          classLabel: 'Classe 5 -MS - Mme DARTHOUT',
          level: 'MS',
          legal: ['G1', 'G3'],
        }),
      ],
      guardians: [
        guardian('G1', { first: 'Abdelkader', last: 'COSAMS', pupils: ['P1', 'P2'] }),
        guardian('G2', { first: 'Guillaume', last: 'ZOUMN', pupils: ['P1'] }),
        guardian('G3', { first: 'Khadija', last: 'EUOZAALM', pupils: ['P2'] }),
      ],
    });
    const r = cliProcess('import', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mode: 'complet', ecoles: 1, eleves: 2, comptesCrees: 3 });
    expect(r.err).toContain('contrôles de cohérence');

    const refused = cliProcess('import', path.join(dir, 'nexiste-pas'));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Import refusé : chemin introuvable');
  });

  it('import --json DOSSIER : le dossier est un chemin à importer, pas la valeur de --json', async () => {
    const dir = await writeExport(
      { schools: [school('0310009R', 'E.E.PU-JSON')], pupils: [], guardians: [] },
      { delta: true },
    );
    const r = await cli('import', '--json', dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mode: 'delta', files: 3 });
  });

  it('import DOSSIER de plusieurs jours : refusé en disant les exports et l’ordre, rien d’importé', async () => {
    const dir = await writeExport({ schools: [school('0310012U', 'E.E.PU-LUNDI')] }, { delta: true, date: '20261201' });
    await writeExport({ schools: [school('0310013V', 'E.E.PU-MARDI')] }, { delta: true, dir, date: '20261202' });
    const r = await cli('import', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'ces fichiers forment 2 exports (delta du 01-12-2026, delta du 02-12-2026) : importez-les un à un, ' +
        "du plus ancien au plus récent (la tâche de nuit le fait d'elle-même)",
    );
    const { rows } = await db().query(`select uai from school where uai in ('0310012U', '0310013V')`);
    expect(rows).toEqual([]);
  });

  it('import A --delta B : les deux dossiers sont importés, aucun n’est avalé par --delta', async () => {
    const a = await writeExport({ schools: [school('0310010S', 'E.E.PU-DELTA A')] }, { delta: true });
    const b = await writeExport({ schools: [school('0310011T', 'E.E.PU-DELTA B')] }, { delta: true });
    const r = await cli('import', a, '--delta', b, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mode: 'delta', files: 2, ecoles: 2 });
    const { rows } = await db().query(`select uai from school where uai in ('0310010S', '0310011T') order by uai`);
    expect(rows.map((x) => x.uai)).toEqual(['0310010S', '0310011T']);
  });

  it('une option inconnue ou mal formée, un argument en trop : refus en français, sortie 2, rien de fait', async () => {
    const unknown = await cli('import', 'x', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('option inconnue : --bogus');
    expect(unknown.err).toContain('Usage : npm run cli -- import CHEMIN');
    const valued = await cli('stats', A, '--json=oui');
    expect(valued.code).toBe(2);
    expect(valued.err).toContain('--json ne prend pas de valeur');
    const missing = await cli('aaf:generate', '--out');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--out attend une valeur');
    const dashed = await cli('imports', '--limit', '-3');
    expect(dashed.code).toBe(2);
    expect(dashed.err).toContain("--limit attend une valeur ; une valeur qui commence par un tiret s'écrit --limit=…");
    const negative = await cli('imports', '--limit=-3');
    expect(negative.code).toBe(2);
    expect(negative.err).toContain('--limit attend un nombre entier positif');
    const extra = await cli('stats', A, B_EXTRA);
    expect(extra.code).toBe(2);
    expect(extra.err).toContain(`argument en trop : « ${B_EXTRA} »`);
    const both = await cli('import', 'x', '--complet', '--delta');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--complet et --delta ne vont pas ensemble');
    for (const r of [unknown, valued, missing, dashed, negative, extra, both]) expect(r.out).toBe('');
  });

  it('accounts UAI --csv : le CSV exact du guide (§5.4), UTF-8 avec BOM', async () => {
    await db().query(
      `update account set state = 'NOTIFIE_NON_ACTIVE', provisional_password_enc = $1 where identifiant = 'a.cosams'`,
      [encryptSecret('63MW8K3N')],
    );
    await db().query(
      `update account set state = 'ACTIVE', password_hash = '$argon2id$v=19$x' where identifiant = 'g.zoumn'`,
    );
    const r = spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/cli.ts', 'accounts', A, '--csv'], {
      cwd: root,
      env: process.env,
    });
    expect(r.status).toBe(0);
    const bytes = r.stdout as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      "RNE;Ecole;Nom de l'élève;Prénom de l'élève;Niveau de l'élève;Classe de l'élève;" +
        'Nom du responsable;Prénom du responsable;Identifiant;Mot de passe',
    );
    const school = `${A};E.E.PU-LES TILLEULS`;
    expect(lines.slice(1, -1)).toEqual([
      `${school};'DXERNAD;Bilal;Moyenne section;Classe 5 -MS - Mme DARTHOUT;COSAMS;Abdelkader;a.cosams;63MW8K3N`,
      `${school};'DXERNAD;Bilal;Moyenne section;Classe 5 -MS - Mme DARTHOUT;EUOZAALM;Khadija;k.euozaalm;`,
      `${school};ZOUMN;Alice;Cours moyen 1re année;CM1 NEW;COSAMS;Abdelkader;a.cosams;63MW8K3N`,
      `${school};ZOUMN;Alice;Cours moyen 1re année;CM1 NEW;ZOUMN;Guillaume;g.zoumn;*****`,
    ]);
    expect(lines.at(-1)).toBe('');
    expect((await cli('accounts', '0999999Z', '--csv')).code).toBe(1);
  });

  it('stats UAI --json et jobs', async () => {
    const r = await cli('stats', A, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({
      uai: A,
      summary: { comptes: 3, nonNotifies: 1, notifiesNonActives: 1, enCoursActivation: 0, actives: 1 },
    });
    expect(typeof s.computedAt).toBe('string');
    expect((await cli('jobs')).code).toBe(0);
  });

  it('notify UAI --channel papier --out : même traitement que l’écran, PDF écrit, lot dans jobs', async () => {
    const out = path.join(os.tmpdir(), `courriers-${Date.now()}.pdf`);
    const r = await cli('notify', A, '--channel', 'papier', '--etat', 'non-notifie', '--out', out);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ comptes: expect.any(Number), nonReinitialises: 0, sansAdresse: [], fichier: out });
    expect(summary.comptes).toBeGreaterThan(0);
    // Letters carry provisional passwords: the file does not outlive the test.
    const pdf = fs.readFileSync(out);
    fs.rmSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { rows } = await db().query(`select count(*)::int as n from account where state = 'NON_NOTIFIE'`);
    expect(rows[0].n).toBe(0);
    const jobs = await cli('jobs');
    expect(jobs.out).toContain(`lot ${summary.lot}\t${A}\tcourriers`);
    const bad = await cli('notify', A, '--channel', 'pigeon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--channel attend papier ou courriel');
  });

  it('imports : chaque essai, réussi ou refusé, avec ses comptes, sa durée et la raison d’un refus', async () => {
    const r = await cli('imports');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/n°\d+\t\S+\tréussi en \d+\.\d s\t/);
    expect(r.out).toContain('complet, 4 fichier(s) : 1 écoles, 2 élèves, 3 responsables ; comptes créés 3');
    expect(r.out).toMatch(/refusé en \d+\.\d s\t.*nexiste-pas\n {4}chemin introuvable/);
    const json = JSON.parse((await cli('imports', '--json', '--limit', '2')).out);
    expect(json).toHaveLength(2);
    expect((await cli('imports', '--limit', 'beaucoup')).code).toBe(2);
    expect((await cli('imports', '--id', '999999')).err).toContain('aucun import n°999999');
  });

  it('imports : les enregistrements mis de côté, avec fichier, ligne et raison (tous avec --id)', async () => {
    const pupils = Array.from({ length: 7 }, (_, i) =>
      pupil(`S${i}`, { first: 'Élève', last: `CONFLIT${i}`, uai: A, legal: ['G1', `G40${i}`] }),
    );
    const dir = await writeExport({
      schools: [school(A, 'E.E.PU-LES TILLEULS')],
      agents: [director('D1', 'Élise', 'DUBOIS', 'elise.dubois@ac-toulouse.fr', [A])],
      pupils: [pupil('P1', { first: 'Alice', last: 'ZOUMN', uai: A, legal: ['G1'] }), ...pupils],
      guardians: [guardian('G1', { first: 'Guy', last: 'ZOUMN', pupils: ['P1'] })],
    });
    process.env.IMPORT_SET_ASIDE_MAX_PERCENT = '100';
    const r = await cli('import', dir, '--json').finally(() => delete process.env.IMPORT_SET_ASIDE_MAX_PERCENT);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.misDeCote).toBe(7);
    expect(r.err).toContain('mis de côté : ENT_TEST_Complet_20261128_Eleve_0000.xml, ligne');
    const list = (await cli('imports', '--limit', '1')).out;
    expect(list).toContain('enregistrements mis de côté 7');
    expect(list.match(/ {4}mis de côté : /g)).toHaveLength(5);
    expect(list).toContain(`… et 2 autre(s) : npm run cli -- imports --id ${summary.importId}`);
    const all = (await cli('imports', '--id', String(summary.importId))).out;
    expect(all.match(/ {4}mis de côté : /g)).toHaveLength(7);
    expect(all).toMatch(
      /mis de côté : ENT_TEST_Complet_20261128_Eleve_0000\.xml, ligne \d+ : l'élève « S6 » a pour responsable légal « G406 », absent de l'export/,
    );
  });

  it('jobs retry / cancel : une tâche en échec relancée, une autre abandonnée (son lot marqué en échec)', async () => {
    const failing = async (task: string, payload: object) => {
      const { rows } = await db().query(`select id from graphile_worker.add_job($1, $2::json)`, [
        task,
        JSON.stringify(payload),
      ]);
      await db().query(`select graphile_worker.permanently_fail_jobs(array[$1::bigint], $2)`, [
        rows[0].id,
        'Charge utile invalide\nà la ligne 2',
      ]);
      return String(rows[0].id);
    };
    const stats = await failing('stats-school', { schoolId: 999999 });
    const list = await cli('jobs');
    expect(list.code).toBe(0);
    expect(list.out).toContain(
      `n°${stats}\tstats-school\t25/25 essais, abandonnée par le worker\tCharge utile invalide`,
    );
    expect(list.out).not.toContain('à la ligne 2');

    const retried = await cli('jobs', 'retry', stats);
    expect([retried.code, retried.out.trim()]).toEqual([
      0,
      `Tâche n°${stats} relancée : un worker la reprend maintenant.`,
    ]);
    const { rows: after } = await db().query(
      `select attempts, run_at <= now() as due from graphile_worker.jobs where id = $1`,
      [stats],
    );
    expect(after[0]).toEqual({ attempts: 0, due: true });

    const { rows: batch } = await db().query(`update notification_batch set status = 'RUNNING' where id = (
      select max(id) from notification_batch) returning id`);
    const job = await failing('notification-batch', { batchId: batch[0].id });
    expect((await cli('jobs', 'cancel', job)).code).toBe(0);
    const { rows: gone } = await db().query(`select count(*)::int as n from graphile_worker.jobs where id = $1`, [job]);
    expect(gone[0].n).toBe(0);
    const { rows: failed } = await db().query(`select status from notification_batch where id = $1`, [batch[0].id]);
    expect(failed[0].status).toBe('FAILED');
    const { rows: audit } = await db().query(
      `select action, details->>'task' as task from audit_event where action like 'tache.%' order by id`,
    );
    expect(audit).toEqual([
      { action: 'tache.relancee', task: 'stats-school' },
      { action: 'tache.annulee', task: 'notification-batch' },
    ]);

    const { rows: waiting } = await db().query(`select id from graphile_worker.add_job('purge-portal', '{}'::json)`);
    const notFailed = await cli('jobs', 'cancel', String(waiting[0].id));
    expect([notFailed.code, notFailed.err.trim()]).toEqual([
      1,
      `La tâche n°${waiting[0].id} n'est pas en échec : seule une tâche en échec se relance ou s'annule.`,
    ]);
    expect((await cli('jobs', 'retry', '99999999')).err).toContain('Aucune tâche n°99999999 dans la file.');
    expect((await cli('jobs', 'retry', "1' or 1=1")).err).toContain('Aucune tâche n°');
    expect((await cli('jobs', 'retry')).code).toBe(2);
    expect((await cli('jobs', 'relancer', '1')).code).toBe(2);
  });

  it('jobs retry TÂCHE : après une panne du prestataire, toutes ses tâches en échec sauf les tenues', async () => {
    await db().query(`delete from graphile_worker._private_jobs`);
    const add = async (
      task: string,
      payload: object,
      error: string | null,
      { givenUp = false, locked = false } = {},
    ) => {
      const { rows } = await db().query(`select id from graphile_worker.add_job($1, $2::json)`, [
        task,
        JSON.stringify(payload),
      ]);
      const id = String(rows[0].id);
      if (error) {
        // As graphile-worker leaves a failed job: an attempt spent, its error, its next try hours away.
        await db().query(
          `update graphile_worker._private_jobs
              set attempts = case when $3 then max_attempts else 9 end, last_error = $2,
                  run_at = now() + interval '6 hours', locked_at = case when $4 then now() end,
                  locked_by = case when $4 then 'worker-test' end
            where id = $1`,
          [id, error, givenUp, locked],
        );
      }
      return id;
    };
    const outage = 'Resend : réponse 503';
    const retried = [
      await add('send-messages', { messageIds: [1] }, outage),
      await add('send-messages', { messageIds: [2] }, outage, { givenUp: true }),
    ];
    const held = await add('send-messages', { messageIds: [3] }, outage, { locked: true });
    const waiting = await add('send-messages', { messageIds: [4] }, null);
    const other = await add('send-message', { messageId: 5 }, 'Passerelle SMS : réponse 503');

    const r = await cli('jobs', 'retry', 'send-messages');
    expect([r.code, r.out.trim()]).toEqual([
      0,
      '2 tâche(s) send-messages en échec relancée(s) : les workers les reprennent maintenant.',
    ]);
    const { rows } = await db().query(
      `select id::text, attempts, run_at <= now() as due from graphile_worker.jobs order by id`,
    );
    expect(rows).toEqual([
      { id: retried[0], attempts: 0, due: true },
      { id: retried[1], attempts: 0, due: true },
      { id: held, attempts: 9, due: false }, // a worker holds it: never touched
      { id: waiting, attempts: 0, due: true },
      { id: other, attempts: 9, due: false }, // another task
    ]);
    const { rows: audit } = await db().query(
      `select details from audit_event where action = 'tache.relancee' order by id desc limit 1`,
    );
    expect(audit[0].details).toEqual({ task: 'send-messages', nombre: 2 });
    const none = await cli('jobs', 'retry', 'purge-portal');
    expect([none.code, none.out.trim()]).toEqual([0, 'Aucune tâche purge-portal en échec.']);
    expect((await cli('jobs', 'retry', 'send-mesages')).err).toContain('Aucune tâche n°send-mesages dans la file.');
    await db().query(`delete from graphile_worker._private_jobs`);
  });

  it('audit --account : l’historique du compte, du plus récent au plus ancien', async () => {
    const { rows } = await db().query(
      `select a.identifiant from account a join audit_event e on e.account_id = a.id
        where e.action = 'compte.notifie' limit 1`,
    );
    const r = await cli('audit', '--account', rows[0].identifiant);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}\tCompte notifié\tExploitation \(ligne de commande\)$/m);
    expect(JSON.parse((await cli('audit', '--account', rows[0].identifiant, '--json')).out)[0]).toMatchObject({
      action: 'compte.notifie',
    });
    const unknown = await cli('audit', '--account', 'personne.inconnue');
    expect([unknown.code, unknown.err.trim()]).toEqual([1, "Aucun compte n'a l'identifiant « personne.inconnue »."]);
    expect((await cli('audit')).code).toBe(2);
  });

  it('messages : les courriels non remis, refusés ou retentés, avec le compte et son école', async () => {
    const {
      rows: [refused],
    } = await db().query(
      `select r.account_id as id, a.identifiant from director_row r join school s on s.id = r.school_id
         join account a on a.id = r.account_id where s.uai = $1 order by a.identifiant limit 1`,
      [A],
    );
    const {
      rows: [failed],
    } = await db().query(`select id, identifiant from account where id <> $1 order by id limit 1`, [refused.id]);
    await db().query(
      `insert into outbound_message (channel, recipient, subject, template, text, account_id, status, error)
       values ('EMAIL', 'jean.dupont@gmial.com', 'Sujet', 'C02', '', $1, 'REFUSED',
               'SMTP : refusé par le serveur (550 5.1.1 Adresse inconnue)'),
              ('EMAIL', 'autre@exemple.fr', 'Sujet', 'C02', 'x', $2, 'FAILED', 'SMTP : non envoyé, ECONNECTION')`,
      [refused.id, failed.id],
    );
    const r = await cli('messages', A.toLowerCase(), '--refuses');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2}\\trefusé\\tcourriel C02\\t${refused.identifiant}\\t${A}\\t` +
            'jean\\.dupont@gmial\\.com\\tSMTP : refusé par le serveur \\(550 5\\.1\\.1 Adresse inconnue\\)$',
        ),
      ),
    ]);
    const all = JSON.parse((await cli('messages', '--json')).out);
    expect(all.map((m: { status: string; identifiant: string }) => [m.status, m.identifiant])).toEqual([
      ['FAILED', failed.identifiant],
      ['REFUSED', refused.identifiant],
    ]);
    expect((await cli('messages', '--depuis', 'hier')).code).toBe(2);
    expect((await cli('messages', '--depuis', '2026-02-30')).code).toBe(2);
    // From the day's midnight in Paris: today's messages are there, tomorrow's list is empty.
    const day = (offset: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + offset * 86_400_000));
    expect(JSON.parse((await cli('messages', '--depuis', day(0), '--json')).out)).toHaveLength(2);
    expect(JSON.parse((await cli('messages', '--depuis', day(1), '--json')).out)).toEqual([]);
  });
});
