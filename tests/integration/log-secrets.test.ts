/**
 * Nothing secret in logs (issue « Hardening », item 5): a real worker process at debug level
 * runs the nightly import, a letter batch, an e-mail batch with reset, and delivers the portal's
 * SMS code and reset link; then every provisional password, code and token the run created is
 * looked for in what it logged. The logger's redaction is checked on its own too.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { decryptSecret } from '@/lib/accounts/secrets';
import { db } from '@/lib/db';
import { addJob } from '@/lib/jobs/add-job';
import { LOG_OPTIONS } from '@/lib/log';
import { requestPasswordCode, requestPasswordReset } from '@/lib/portal/forgot-password';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';
import { createFamily, createSchool } from '@/tests/support/factories';
import { useWorkerProcesses, waitFor } from '@/tests/support/worker-process';
import { openBodies } from '@/lib/messaging/message-body';

const startWorker = useWorkerProcesses();

describe('aucun secret dans les journaux', () => {
  it('la censure du journal masque mots de passe, jetons, codes et cookies, même imbriqués', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ ...LOG_OPTIONS, level: 'debug' }, sink);
    logger.debug(
      { password: 'MDP-SECRET', token: 'JETON-SECRET', compte: { code: '123456', cookie: 'ec_portail=abc' } },
      'essai',
    );
    logger.info({ req: { headers: { authorization: 'Bearer XYZ', cookie: 'authjs=1' } } }, 'requête');
    const text = lines.join('');
    for (const secret of ['MDP-SECRET', 'JETON-SECRET', '123456', 'ec_portail=abc', 'Bearer XYZ', 'authjs=1']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[masqué]');
    // An error's own code is what the operator searches for: kept, under another name.
    logger.warn({ err: Object.assign(new Error('refus'), { code: 'ECONNREFUSED' }) }, 'erreur');
    expect(JSON.parse(lines.at(-1)!).err).toMatchObject({ message: 'refus', errorCode: 'ECONNREFUSED' });
  });

  it('import, courriers, courriels, code SMS, lien : le journal du worker n’en montre aucun', async () => {
    const uai = '0310077K';
    const dir = await writeExport({
      schools: [school(uai, 'E.E.PU-JOURNAUX')],
      agents: [director('DJ', 'Jo', 'JOURNAL', 'jo.journal@ac-toulouse.fr', [uai])],
      pupils: [pupil('PJ', { first: 'Lou', last: 'JOURNAL', uai, classId: 'CJ', classLabel: 'CP', legal: ['GJ'] })],
      guardians: [guardian('GJ', { first: 'Max', last: 'JOURNAL', pupils: ['PJ'], email: 'max@exemple.fr' })],
    });
    let logs = '';
    const worker = startWorker({ LOG_LEVEL: 'debug', AAF_IMPORT_DIR: dir }, (text) => (logs += text));

    // The nightly import, as the crontab would start it.
    await db.$transaction((tx) => addJob(tx, 'aaf-import-nightly', {}));
    await waitFor(
      () => db.school.count({ where: { uai } }),
      (n) => n === 1,
      60_000,
    );

    // A letter batch large enough for a job, and an e-mail batch with reset.
    const s = await createSchool('E.E.PU-JOURNAUX-LOTS');
    const rows: { pupilId: number; accountId: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const f = await createFamily(s, {
        first: `Enfant${i}`,
        last: `LOT${i}`,
        classLabel: 'CE1',
        level: 'CE1',
        guardians: [{ first: 'Parent', state: i % 2 ? 'ACTIVE' : 'NON_NOTIFIE', email: `parent${i}@exemple.fr` }],
      });
      rows.push({ pupilId: f.pupilId, accountId: f.accounts[0].id });
    }
    const paper = await notifyAccounts({ schoolId: s.id, agentId: null, rows, channel: 'PAPER', reset: true });
    const email = await notifyAccounts({ schoolId: s.id, agentId: null, rows, channel: 'EMAIL', reset: true });
    const batchIds = [paper.batchId!, email.batchId!];
    await waitFor(
      () => db.notificationBatch.count({ where: { id: { in: batchIds }, status: 'DONE' } }),
      (n) => n === 2,
      120_000,
    );

    // The portal: a reset link by e-mail and a code by SMS, delivered by the worker.
    const activated = await createFamily(s, {
      first: 'Nina',
      last: 'PORTAIL',
      classLabel: 'CP',
      level: 'CP',
      guardians: [{ first: 'Marc', state: 'ACTIVE', password: 'ancien2024', email: 'marc@exemple.fr' }],
    });
    const { id: accountId, identifiant } = activated.accounts[0];
    await db.account.update({ where: { id: accountId }, data: { mobile: '+33655443311' } });
    await requestPasswordReset({ identifiant, ip: '192.0.2.200' });
    await requestPasswordCode({ identifiant, ip: '192.0.2.201' });
    await waitFor(
      () => db.outboundMessage.count({ where: { status: { not: 'SENT' } } }),
      (n) => n === 0,
      60_000,
    );
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));

    // Every secret the run created: provisional passwords, and the codes and tokens sent.
    const secrets = new Set<string>();
    for (const a of await db.account.findMany({ where: { provisionalPasswordEnc: { not: null } } })) {
      secrets.add(decryptSecret(a.provisionalPasswordEnc!));
    }
    for (const m of (await db.outboundMessage.findMany()).map(openBodies)) {
      for (const token of m.text.match(/\/[A-Za-z0-9_-]{32,}/g) ?? []) secrets.add(token.slice(1));
      if (m.channel === 'SMS') for (const code of m.text.match(/\b\d{6}\b/g) ?? []) secrets.add(code);
    }
    expect(secrets.size).toBeGreaterThan(60);
    expect(logs).toContain('"level":20'); // debug lines were written
    expect(logs).toContain('lot de notification');
    // Whole words only: a six-digit code may well occur inside a timestamp of milliseconds.
    const leaked = [...secrets].filter((secret) =>
      new RegExp(`(?<![A-Za-z0-9_-])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`).test(logs),
    );
    expect(leaked).toEqual([]);
  }, 300_000);
});
