/**
 * With Resend configured, a notification batch's e-mails leave by Resend's batch endpoint, up to
 * 100 per call, with an idempotency key; a retried job sends nothing twice. Resend itself is
 * stood in for by a local HTTP server (the edge of the machine, through RESEND_BASE_URL).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { db } from '@/lib/db';
import { deliverMessage } from '@/lib/messaging/deliver-message';
import { deliverMessages } from '@/lib/messaging/deliver-messages';
import { queueMessage } from '@/lib/messaging/queue-message';
import { familiesToNotify } from '@/tests/support/factories';
import { startWorker } from '@/workers/runner';
import { taskList } from '@/workers/tasks';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A C07 e-mail queued as the portal queues one (its own `send-message` job); its id. */
const activationEmail = async (recipient: string, idempotencyKey: string) =>
  (await db.$transaction((tx) =>
    queueMessage(tx, {
      channel: 'EMAIL',
      recipient,
      subject: 'Activation de votre compte',
      template: 'C07',
      text: 'Lien : http://x/activation/abc',
      idempotencyKey,
    }),
  ))!;

interface ResendEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}
const calls: {
  path: string;
  key: string | undefined;
  validation: string | undefined;
  emails: ResendEmail[];
}[] = [];
let server: http.Server;
/** When set, Resend refuses our sender: every e-mail of the call, for a reason that is not theirs. */
let fromRefused = false;
/** Resend's limit for the team (2 calls in any second), enforced when set; the calls it refused. */
let enforceRate = false;
const callTimes: number[] = [];
let tooMany = 0;
/** Calls still to answer « too many » whatever the rate (another service of the same team). */
let refuseNext = 0;
/** When set, Resend takes the calls and never answers; they are kept here, to be answered at the end. */
let silent = false;
const unanswered: http.ServerResponse[] = [];
beforeAll(async () => {
  // As Resend answers in « permissive » validation: the ids of the e-mails it takes, in their order,
  // and the place in the call of those it refuses (here, an address with « invalide » in it).
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (silent) {
        unanswered.push(res);
        return;
      }
      const now = performance.now();
      const lastSecond = callTimes.filter((t) => now - t < 1000).length;
      callTimes.push(now);
      if (refuseNext > 0 || (enforceRate && lastSecond >= 2)) {
        refuseNext = Math.max(0, refuseNext - 1);
        tooMany++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests.' }));
        return;
      }
      if (req.url === '/emails') {
        const email: ResendEmail = JSON.parse(body);
        calls.push({
          path: req.url,
          key: req.headers['idempotency-key'] as string,
          validation: undefined,
          emails: [email],
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `re_seul_${calls.length}` }));
        return;
      }
      const emails: ResendEmail[] = JSON.parse(body);
      const headers = req.headers as Record<string, string | undefined>;
      calls.push({
        path: req.url!,
        key: headers['idempotency-key'],
        validation: headers['x-batch-validation'],
        emails,
      });
      const why = (e: { to: string }) =>
        fromRefused
          ? 'Invalid `from` field. The email address needs to follow the `email@example.com` format.'
          : e.to.includes('invalide')
            ? 'Invalid `to` field.'
            : null;
      const refused = emails.flatMap((e, index) => (why(e) ? [{ index, message: why(e) }] : []));
      const taken = emails.flatMap((e, i) => (why(e) ? [] : [{ id: `re_${calls.length}_${i}` }]));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: taken, errors: refused }));
    });
  });
  await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
  process.env.RESEND_BASE_URL = `http://localhost:${(server.address() as AddressInfo).port}`;
  process.env.RESEND_API_KEY = 're_test';
});
afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  await new Promise((r) => server.close(r));
});

describe('envoi par lots de Resend', () => {
  it('un lot de courriels part en un appel au point d’accès batch, avec une clé d’idempotence', async () => {
    const { school, rows } = await familiesToNotify(
      'RESEND',
      [0, 1, 2].map((i) => `parent${i}@exemple.fr`),
    );
    const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    expect(r.total).toBe(3);
    await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
    expect(calls).toHaveLength(1);
    expect(calls[0].path).toBe('/emails/batch');
    expect(calls[0].key).toMatch(/^messages:/);
    expect(calls[0].validation).toBe('permissive');
    expect(calls[0].emails.map((e) => e.to).sort()).toEqual([
      'parent0@exemple.fr',
      'parent1@exemple.fr',
      'parent2@exemple.fr',
    ]);
    expect(calls[0].emails[0].subject).toBe(
      'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant',
    );
    // The guide's sender; sent by a program, so that out-of-office replies are not sent back.
    expect(calls[0].emails[0].from).toBe('Administrateur des services en ligne <ne-pas-repondre@educonnect.localhost>');
    expect(calls[0].emails[0].headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    });
    // Stored sealed, handed to the provider in clear: the letter's words and its password.
    for (const e of calls[0].emails) expect(e.text).toMatch(/Identifiant : \S+\s+Mot de passe \* : [A-Z0-9]{8}/);
    const messages = await db.outboundMessage.findMany({
      where: { idempotencyKey: { startsWith: `notification:${r.batchId}:` } },
    });
    expect(messages.map((m) => m.status)).toEqual(['SENT', 'SENT', 'SENT']);
    // A real transport keeps no body: it may carry a provisional password.
    expect(messages.every((m) => m.html === null && m.text === '')).toBe(true);
    expect(messages.map((m) => m.providerId).sort()).toEqual(['re_1_0', 're_1_1', 're_1_2']);
    // The same job again (a retry): nothing left to send, no second call.
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('un courriel mis en file en clair avant le scellement des corps part tel quel', async () => {
    // A message queued by the previous version (bodies in clear), still waiting at the update.
    const [{ id }] = await db.$queryRaw<{ id: number }[]>`
      insert into outbound_message (channel, recipient, subject, template, html, text, idempotency_key)
      values ('EMAIL', 'ancien@exemple.fr', 'Sujet', 'C07', '<p>Lien : http://x/activation/abc</p>',
              'Lien : http://x/activation/abc', 'avant-scellement-1')
      returning id`;
    const before = calls.length;
    expect(await deliverMessages({ messageIds: [id] })).toBe(1);
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)!.emails[0]).toMatchObject({ to: 'ancien@exemple.fr', text: 'Lien : http://x/activation/abc' });
  });
  it('une adresse que Resend refuse ne refuse pas le lot : les autres partent, elle est REFUSED', async () => {
    const { school, rows } = await familiesToNotify('PERMISSIF', [
      'un@exemple.fr',
      'invalide@exemple',
      'trois@exemple.fr',
    ]);
    const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    const before = calls.length;
    await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
    expect(calls).toHaveLength(before + 1);
    const messages = await db.outboundMessage.findMany({
      where: { idempotencyKey: { startsWith: `notification:${r.batchId}:` } },
      orderBy: { id: 'asc' },
    });
    const n = before + 1;
    expect(messages.map((m) => [m.recipient, m.status, m.providerId])).toEqual([
      ['un@exemple.fr', 'SENT', `re_${n}_0`],
      ['invalide@exemple', 'REFUSED', null],
      ['trois@exemple.fr', 'SENT', `re_${n}_2`],
    ]);
    expect(messages[1].error).toBe('Resend : refusé (Invalid `to` field.)');
    // Nothing left to try: the same job again calls Resend no more.
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(0);
    expect(calls).toHaveLength(before + 1);
  });
  it('Resend refuse l’expéditeur : aucun courriel n’est abandonné, le travail les retentera', async () => {
    const { school, rows } = await familiesToNotify('EXPEDITEUR', ['expediteur0@exemple.fr', 'expediteur1@exemple.fr']);
    const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    fromRefused = true;
    try {
      await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
    } finally {
      fromRefused = false;
    }
    const messages = await db.outboundMessage.findMany({
      where: { idempotencyKey: { startsWith: `notification:${r.batchId}:` } },
      orderBy: { id: 'asc' },
    });
    expect(messages.map((m) => m.status)).toEqual(['FAILED', 'FAILED']);
    expect(messages[0].error).toMatch(/^Resend : refusé \(Invalid `from` field/);
    // Once the sender is fixed, the job's next try sends both.
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(2);
  });

  it('lots d’une rentrée sur quatre places de worker : sous le débit de Resend, aucune tâche en échec', async () => {
    const emails = Array.from({ length: 300 }, (_, i) => `rentree${i}@exemple.fr`);
    const { school, rows } = await familiesToNotify('RENTREE', emails);
    const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    const before = calls.length;
    [enforceRate, tooMany, callTimes.length] = [true, 0, 0];
    const runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4 });
    let jobErrors = 0;
    runner.events.on('job:error', () => jobErrors++);
    try {
      // A parent's activation e-mail, queued as the batches' first call leaves: it gets the next turn,
      // batches keeping one turn in three free (lib/messaging/provider-turns.ts).
      for (const end = Date.now() + 10_000; Date.now() < end && calls.length === before;) await sleep(20);
      await activationEmail('parent.presse@exemple.fr', 'rentree-c07');
      const sent = () =>
        db.outboundMessage.count({
          where: { idempotencyKey: { startsWith: `notification:${r.batchId}:` }, status: 'SENT' },
        });
      for (const end = Date.now() + 30_000; Date.now() < end && (await sent()) < 300;) await sleep(200);
      expect(await sent()).toBe(300);
    } finally {
      enforceRate = false;
      await runner.stop();
    }
    expect(calls.length - before).toBe(7); // six chunks of 50, one call each, and the parent's e-mail
    expect(calls.slice(before).findIndex((c) => c.key === 'rentree-c07')).toBe(1); // right after the first
    // No job failed (a « too many » would have failed its job and marked its e-mails FAILED); the calls
    // are spaced so that Resend's limit is not reached — one late call at most meets it, and is waited out.
    expect(jobErrors).toBe(0);
    expect(tooMany).toBeLessThanOrEqual(1);
    const failed = await db.outboundMessage.count({
      where: { idempotencyKey: { startsWith: `notification:${r.batchId}:` }, error: { not: null } },
    });
    expect(failed).toBe(0);
  });

  it('un « trop de requêtes » est attendu comme Resend le dit, puis l’appel refait : le courriel part', async () => {
    const id = await activationEmail('patient@exemple.fr', 'trop-de-requetes-1');
    const before = calls.length;
    refuseNext = 1;
    const t = performance.now();
    expect(await deliverMessage({ messageId: id })).toBe('sent');
    expect(performance.now() - t).toBeGreaterThanOrEqual(1000); // retry-after: 1
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)!.key).toBe('trop-de-requetes-1'); // the same key: Resend would not send it twice
    const m = await db.outboundMessage.findUniqueOrThrow({ where: { id } });
    expect([m.status, m.error, m.providerId]).toEqual(['SENT', null, `re_seul_${before + 1}`]);
  });

  it('Resend se tait : l’appel abandonné après PROVIDER_TIMEOUT_MS, le courriel attend un autre essai', async () => {
    const id = await activationEmail('attente@exemple.fr', 'silence-1');
    [silent, process.env.PROVIDER_TIMEOUT_MS] = [true, '300'];
    const t = performance.now();
    try {
      await expect(deliverMessage({ messageId: id })).rejects.toThrow(/^Resend : /);
    } finally {
      silent = false;
      delete process.env.PROVIDER_TIMEOUT_MS;
      for (const res of unanswered.splice(0)) res.destroy();
    }
    expect(performance.now() - t).toBeLessThan(5000);
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'FAILED' });
    // Resend answers again: the job's next try sends it, with the same key.
    expect(await deliverMessage({ messageId: id })).toBe('sent');
    expect(calls.at(-1)!.key).toBe('silence-1');
  });
});
