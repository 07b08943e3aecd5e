/**
 * A worker killed (SIGKILL) in the middle of a notification batch, then another one started: a
 * 250-e-mail batch (five chunks of 50, killed after two) finishes with every account notified once
 * and every e-mail sent once; a 120-letter batch (three chunks of accounts, three of letters)
 * finishes with one PDF page per account, none twice.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { openBytes } from '@/lib/accounts/secrets';
import { db } from '@/lib/db';
import { createSchool, withDb } from '@/tests/support/factories';
import { useWorkerProcesses, waitFor } from '@/tests/support/worker-process';

const startWorker = useWorkerProcesses();

/** `n` families of one class, each pupil with one guardian and an account with an e-mail address. */
async function familiesOf(n: number) {
  const school = await createSchool();
  const rows = await withDb(async (c) => {
    const { rows: cls } = await c.query(
      `insert into school_class (school_id, aaf_id, label) values ($1, 'K', 'CM2') returning id`,
      [school.id],
    );
    await c.query(
      `with p as (
         insert into pupil (aaf_id, ine, last_name, first_name, school_id, class_id, level)
         select 'K' || $1::text || '-' || i, 'INE' || i, 'NOM' || i, 'Enfant', $1::int, $2::int, 'CM2'
           from generate_series(1, $3::int) i
         returning id, aaf_id),
       a as (
         insert into account (identifiant, email) select 'k.' || $1::text || '.' || i, 'parent' || i || '@exemple.fr'
           from generate_series(1, $3::int) i returning id, identifiant),
       g as (
         insert into guardian (aaf_id, last_name, first_name, account_id)
         select 'G' || a.identifiant, 'PARENT' || split_part(a.identifiant, '.', 3), 'Dominique', a.id from a
         returning id, aaf_id, account_id)
       insert into guardian_link (pupil_id, guardian_id, legal)
       select p.id, g.id, true from p join g on split_part(p.aaf_id, '-', 2) = split_part(g.aaf_id, '.', 3)`,
      [school.id, cls[0].id, n],
    );
    const pairs = await c.query(
      `select l.pupil_id as "pupilId", g.account_id as "accountId"
         from guardian_link l join guardian g on g.id = l.guardian_id join pupil p on p.id = l.pupil_id
        where p.school_id = $1`,
      [school.id],
    );
    return pairs.rows as { pupilId: number; accountId: number }[];
  });
  expect(rows).toHaveLength(n);
  return { school, rows };
}

describe('un worker tué au milieu d’un lot', () => {
  it('un autre worker finit le lot : chaque compte notifié une fois, chaque courriel envoyé une fois', async () => {
    const { school, rows } = await familiesOf(250);
    const outcome = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: true });
    expect(outcome).toMatchObject({ total: 250, pending: true });
    const batchId = outcome.batchId!;
    const batch = () => db.notificationBatch.findUniqueOrThrow({ where: { id: batchId } });

    const first = startWorker();
    await waitFor(batch, (b) => b.done >= 100, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const cut = await batch();
    expect(cut.done).toBeLessThan(250);

    startWorker();
    await waitFor(batch, (b) => b.status === 'DONE', 90_000);
    const sent = () =>
      db.outboundMessage.count({
        where: { idempotencyKey: { startsWith: `notification:${batchId}:` }, status: 'SENT' },
      });
    await waitFor(sent, (n) => n === 250, 90_000);

    const messages = await db.outboundMessage.findMany({
      where: { idempotencyKey: { startsWith: `notification:${batchId}:` } },
      select: { accountId: true, status: true },
    });
    expect(messages).toHaveLength(250);
    expect(new Set(messages.map((m) => m.accountId)).size).toBe(250);
    const audits = await db.auditEvent.groupBy({
      by: ['accountId'],
      where: { action: 'compte.notifie', schoolId: school.id },
      _count: true,
    });
    expect(audits).toHaveLength(250);
    expect(audits.every((a) => a._count === 1)).toBe(true);
    const states = await db.account.groupBy({
      by: ['state'],
      where: { id: { in: rows.map((r) => r.accountId) } },
      _count: true,
    });
    expect(states).toEqual([{ state: 'NOTIFIE_NON_ACTIVE', _count: 250 }]);
  }, 240_000);

  it('un lot de 120 courriers : un autre worker le finit, une page par compte, aucune deux fois', async () => {
    const { school, rows } = await familiesOf(120);
    const outcome = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'PAPER', reset: false });
    expect(outcome).toMatchObject({ total: 120, pending: true });
    const batch = () => db.notificationBatch.findUniqueOrThrow({ where: { id: outcome.batchId! } });
    const first = startWorker();
    await waitFor(batch, (b) => b.done > 0, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await batch()).status).not.toBe('DONE');

    startWorker();
    const done = await waitFor(batch, (b) => b.status === 'DONE', 120_000);
    const pdf = await getDocumentProxy(new Uint8Array(openBytes(done.pdf!)));
    expect(pdf.numPages).toBe(120);
    const { text: pages } = await extractText(pdf);
    const onPage = pages.map((t) => /Identifiant : (\S+)/.exec(t)?.[1]);
    const identifiants = await db.account.findMany({
      where: { id: { in: rows.map((r) => r.accountId) } },
      select: { identifiant: true },
    });
    expect(new Set(onPage).size).toBe(120);
    expect([...onPage].sort()).toEqual(identifiants.map((a) => a.identifiant).sort());
  }, 240_000);
});
