/**
 * The production edges a rectorat configures: an SMTP relay (SMTP_URL) and an HTTP SMS gateway
 * (SMS_GATEWAY_URL). Both are stood in for by real local servers — an SMTP server (smtp-server)
 * whose messages are read back with mailparser, and an HTTP server — so that what leaves is what
 * a parent receives. A notification batch's e-mails share one SMTP connection; an address the
 * server refuses for good is marked REFUSED and never sent again, without holding the others
 * back; a temporary refusal or a server out of reach leaves the e-mail for the job's next try,
 * which sends only it: every parent gets one e-mail, never two.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOnce } from 'graphile-worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { accountHistory } from '@/lib/audit/account-history';
import { db } from '@/lib/db';
import { deliverMessage } from '@/lib/messaging/deliver-message';
import { deliverMessages } from '@/lib/messaging/deliver-messages';
import { openBodies } from '@/lib/messaging/message-body';
import { queueMessage } from '@/lib/messaging/queue-message';
import { undeliveredMessages } from '@/lib/messaging/undelivered-messages';
import { sendSmsCode } from '@/lib/portal/portal-flow';
import { closeTransports, mailFrom } from '@/lib/messaging/transports';
import { familiesToNotify } from '@/tests/support/factories';
import { taskList } from '@/workers/tasks';

/** What the relay answers to RCPT TO for an address: accepted, refused for good, or « try later ». */
const answers = new Map<string, 550 | 451>();
const received: ParsedMail[] = [];
let connections = 0;
/** When set, the relay refuses our sender (its configuration, not any one address). */
let refuseSender = false;
/** Addresses at which the relay falls silent (it never answers RCPT TO); the replies owed, given at the end. */
const silentFor = new Set<string>();
const owed: (() => void)[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onConnect(_session, callback) {
    connections++;
    callback();
  },
  onMailFrom(_address, _session, callback) {
    if (!refuseSender) return callback();
    callback(Object.assign(new Error('5.7.1 Expéditeur non autorisé sur ce relais'), { responseCode: 553 }));
  },
  onRcptTo(address, _session, callback) {
    if (silentFor.has(address.address)) return void owed.push(() => callback());
    const code = answers.get(address.address);
    if (!code) return callback();
    // As relays word it, quoting the address.
    const why =
      code === 550 ? '5.1.1 Adresse inconnue' : `4.2.2 <${address.address}> : boîte pleine, réessayez plus tard`;
    callback(Object.assign(new Error(why), { responseCode: code }));
  },
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      (mail) => {
        received.push(mail);
        callback();
      },
      (e) => callback(e as Error),
    );
  },
});

let smtpUrl: string;
beforeAll(async () => {
  await new Promise<void>((r) => smtp.listen(0, 'localhost', () => r()));
  smtpUrl = `smtp://localhost:${(smtp.server.address() as AddressInfo).port}`;
  process.env.SMTP_URL = smtpUrl;
});
afterEach(() => {
  answers.clear();
  refuseSender = false;
  received.length = 0;
  connections = 0;
  // Each test starts with no connection kept open from the one before.
  closeTransports();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await new Promise<void>((r) => smtp.close(() => r()));
});

/** `n` families to notify, their addresses made of `name` (« smtp0@exemple.fr »…). */
const families = (name: string, n: number) =>
  familiesToNotify(
    name,
    Array.from({ length: n }, (_, i) => `${name.toLowerCase()}${i}@exemple.fr`),
  );

/** The batch's messages, in the order they were queued, with their bodies opened. */
const batchMessages = async (batchId: number) =>
  (
    await db.outboundMessage.findMany({
      where: { idempotencyKey: { startsWith: `notification:${batchId}:` } },
      orderBy: { id: 'asc' },
    })
  ).map(openBodies);

const runJobs = () => runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
/** The batch's `send-messages` jobs still queued (to be tried again), with their last error. */
const jobsLeft = async (messages: { id: number }[]) => {
  const read = () => db.$queryRaw<{ error: string | null; locked: boolean }[]>`
    select j.last_error as error, j.locked_at is not null as locked
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'send-messages'
       and (j.payload->'messageIds')::jsonb @> ${JSON.stringify(messages.map((m) => m.id))}::jsonb`;
  // graphile-worker records a job's end (deleted when done, unlocked with its error when failed) just after
  // the task returns, without waiting: read the queue once that is written.
  let rows = await read();
  for (let i = 0; i < 50 && rows.some((r) => r.locked); i++) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await read();
  }
  return rows.map(({ error }) => ({ error }));
};

describe('courriels par un relais SMTP', () => {
  it('un lot part sur une connexion ; chaque parent reçoit le courriel du guide, en UTF-8, une fois', async () => {
    const { school, rows } = await families('SMTP', 3);
    const batch = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    await runJobs();

    expect(received.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual([
      'smtp0@exemple.fr',
      'smtp1@exemple.fr',
      'smtp2@exemple.fr',
    ]);
    expect(connections).toBe(1);
    const messages = await batchMessages(batch.batchId!);
    for (const mail of received) {
      expect(mail.from?.value).toEqual([
        { name: 'Administrateur des services en ligne', address: 'ne-pas-repondre@educonnect.localhost' },
      ]);
      expect(mail.subject).toBe('Mise à disposition de services en ligne pour suivre la scolarité de votre enfant');
      expect(mail.text).toMatch(/Identifiant : \S+\s+Mot de passe \* : [A-Z0-9]{8}/);
      const password = /Mot de passe \* : ([A-Z0-9]{8})/.exec(mail.text!)![1];
      expect(mail.html).toContain(password);
      expect(mail.text).toContain('Élève');
      const key = mail.headers.get('x-idempotency-key');
      expect(messages.map((m) => m.idempotencyKey)).toContain(key);
      // Sent by a program: no out-of-office reply back to it (RFC 3834, and Exchange's own header).
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    }
    expect(messages.map((m) => m.status)).toEqual(['SENT', 'SENT', 'SENT']);
    // A real transport keeps no body (it carries a provisional password); the relay's id is kept.
    expect(messages.every((m) => m.html === null && m.text === '' && m.transport === 'production')).toBe(true);
    expect(messages.map((m) => m.providerId).sort()).toEqual(received.map((m) => m.messageId).sort());
    expect(await jobsLeft(messages)).toEqual([]);
  });

  it('l’expéditeur du guide, « Administrateur des services en ligne », même si MAIL_FROM n’est qu’une adresse', () => {
    const before = process.env.MAIL_FROM;
    try {
      process.env.MAIL_FROM = ' ne-pas-repondre@ac-toulouse.fr ';
      expect(mailFrom()).toBe('Administrateur des services en ligne <ne-pas-repondre@ac-toulouse.fr>');
      process.env.MAIL_FROM = 'EduConnect Toulouse <ne-pas-repondre@ac-toulouse.fr>';
      expect(mailFrom()).toBe('EduConnect Toulouse <ne-pas-repondre@ac-toulouse.fr>');
    } finally {
      if (before === undefined) delete process.env.MAIL_FROM;
      else process.env.MAIL_FROM = before;
    }
  });

  it('une adresse refusée pour de bon (550) : les autres partent, elle n’est jamais renvoyée', async () => {
    const { school, rows } = await families('REFUS', 3);
    answers.set('refus1@exemple.fr', 550);
    const batch = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    await runJobs();

    expect(received.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual([
      'refus0@exemple.fr',
      'refus2@exemple.fr',
    ]);
    const messages = await batchMessages(batch.batchId!);
    expect(messages.map((m) => [m.recipient, m.status])).toEqual([
      ['refus0@exemple.fr', 'SENT'],
      ['refus1@exemple.fr', 'REFUSED'],
      ['refus2@exemple.fr', 'SENT'],
    ]);
    const refused = messages[1];
    expect(refused.error).toMatch(/^SMTP : refusé par le serveur \(550 5\.1\.1 Adresse inconnue\)/);
    // Never to be sent: its provisional password is not kept either.
    expect([refused.html, refused.text]).toEqual([null, '']);
    // The director reads it in the account's history, and can check the address or print a letter.
    expect((await accountHistory(rows[1].accountId))[0]).toMatchObject({
      action: 'courriel.refuse',
      label: 'Courriel non remis : adresse refusée par le serveur de messagerie',
      by: 'Le service',
    });
    expect((await accountHistory(rows[0].accountId)).map((h) => h.action)).not.toContain('courriel.refuse');
    // Nothing to try again: the job is done, and the same job again sends nothing.
    expect(await jobsLeft(messages)).toEqual([]);
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(0);
    expect(received).toHaveLength(2);
  });

  it('un refus temporaire (451) : le travail échoue, son nouvel essai n’envoie que ce qui reste', async () => {
    const { school, rows } = await families('PLUSTARD', 3);
    answers.set('plustard1@exemple.fr', 451);
    const batch = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    await runJobs();

    // The first left; the second was refused for now; the third waits for the next try rather than
    // meeting the same trouble.
    expect(received.map((m) => m.to && 'text' in m.to && m.to.text)).toEqual(['plustard0@exemple.fr']);
    let messages = await batchMessages(batch.batchId!);
    expect(messages.map((m) => m.status)).toEqual(['SENT', 'FAILED', 'FAILED']);
    expect(messages[1].error).toMatch(/^SMTP : non envoyé, EENVELOPE \(451 4\.2\.2 <plustard1@exemple\.fr> : boîte/);
    expect(messages[2].error).toMatch(/^non tenté : SMTP : non envoyé/);
    // Their bodies wait, sealed, for the next try.
    expect(messages[1].text).toMatch(/Mot de passe \* : [A-Z0-9]{8}/);
    const [job] = await jobsLeft(messages);
    expect(job.error).toMatch(/^2 courriel\(s\) sur 3 à envoyer de nouveau : SMTP : non envoyé/);
    // The job's error, which the workers' log prints, does not carry the parent's address.
    expect(job.error).toContain('(451 4.2.2 <<adresse>> : boîte pleine');
    expect(job.error).not.toContain('plustard1@');

    answers.clear();
    // The job's next try, as graphile-worker runs it once its wait is over.
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(2);
    expect(received.map((m) => m.to && 'text' in m.to && m.to.text)).toEqual([
      'plustard0@exemple.fr',
      'plustard1@exemple.fr',
      'plustard2@exemple.fr',
    ]);
    messages = await batchMessages(batch.batchId!);
    expect(messages.map((m) => m.status)).toEqual(['SENT', 'SENT', 'SENT']);
  });

  it('le relais refuse l’expéditeur (553) : aucun courriel abandonné, tout attend la correction', async () => {
    const { school, rows } = await families('EXPEDITEUR', 2);
    refuseSender = true;
    const batch = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    await runJobs();
    expect(received).toHaveLength(0);
    let messages = await batchMessages(batch.batchId!);
    // A refused sender would refuse every e-mail of the rentrée alike: none is given up on.
    expect(messages.map((m) => m.status)).toEqual(['FAILED', 'FAILED']);
    expect(messages[0].error).toMatch(/^SMTP : non envoyé, EENVELOPE \(553 5\.7\.1 Expéditeur non autorisé/);
    expect(messages[1].text).toMatch(/Mot de passe \* : [A-Z0-9]{8}/);
    expect((await jobsLeft(messages))[0].error).toMatch(/^2 courriel\(s\) sur 2 à envoyer de nouveau/);

    refuseSender = false;
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(2);
    messages = await batchMessages(batch.batchId!);
    expect(messages.map((m) => m.status)).toEqual(['SENT', 'SENT']);
  });

  it('le relais injoignable : rien n’est perdu, chaque courriel attend le nouvel essai', async () => {
    const { school, rows } = await families('INJOIGNABLE', 2);
    const batch = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    // A port where nothing listens.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, 'localhost', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    process.env.SMTP_URL = `smtp://localhost:${port}`;
    try {
      await runJobs();
    } finally {
      process.env.SMTP_URL = smtpUrl;
    }
    const messages = await batchMessages(batch.batchId!);
    expect(messages.map((m) => m.status)).toEqual(['FAILED', 'FAILED']);
    expect(messages[0].error).toMatch(/^SMTP : non envoyé, (ECONNECTION|ESOCKET)/);
    expect((await jobsLeft(messages))[0].error).toMatch(/^2 courriel\(s\) sur 2 à envoyer de nouveau/);
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(2);
    expect(received).toHaveLength(2);
  });

  it('le relais se tait : l’envoi abandonné après PROVIDER_TIMEOUT_MS, rien de perdu, retenté ensuite', async () => {
    const { school, rows } = await families('MUET', 2);
    const batch = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    silentFor.add('muet0@exemple.fr');
    process.env.PROVIDER_TIMEOUT_MS = '300';
    closeTransports(); // the pool is made again, with this timeout
    const t = performance.now();
    try {
      await runJobs();
    } finally {
      delete process.env.PROVIDER_TIMEOUT_MS;
      silentFor.clear();
      for (const reply of owed.splice(0)) reply();
      closeTransports();
    }
    expect(performance.now() - t).toBeLessThan(10_000);
    const messages = await batchMessages(batch.batchId!);
    expect(messages.map((m) => m.status)).toEqual(['FAILED', 'FAILED']);
    expect(messages[0].error).toMatch(/^SMTP : non envoyé/);
    expect(await jobsLeft(messages)).toHaveLength(1);
    // The relay answers again: the job's next try sends both, once each.
    expect(await deliverMessages({ messageIds: messages.map((m) => m.id) })).toBe(2);
    expect(received).toHaveLength(2);
  });
});

describe('SMS par la passerelle HTTP', () => {
  const calls: { headers: http.IncomingHttpHeaders; body: { to: string; text: string } }[] = [];
  let status = 200;
  /** When set, the gateway takes the calls and never answers (they are cut at the end). */
  let mute = false;
  const unanswered: http.ServerResponse[] = [];
  const gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(body) });
      if (mute) return void unanswered.push(res);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: `sms-${calls.length}` } : { error: 'indisponible' }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => gateway.listen(0, 'localhost', () => r()));
    process.env.SMS_GATEWAY_URL = `http://localhost:${(gateway.address() as AddressInfo).port}/sms`;
    process.env.SMS_GATEWAY_TOKEN = 'jeton-de-la-passerelle';
  });
  afterAll(async () => {
    delete process.env.SMS_GATEWAY_URL;
    delete process.env.SMS_GATEWAY_TOKEN;
    await new Promise((r) => gateway.close(r));
  });

  const queueSms = (key: string, accountId: number | null = null) =>
    db.$transaction((tx) =>
      queueMessage(tx, {
        channel: 'SMS',
        recipient: '+33612345678',
        template: 'SMS_CODE',
        text: 'EduConnect : votre code est 482913.',
        accountId,
        idempotencyKey: key,
      }),
    );

  it('un code part en JSON, avec le jeton et la clé d’idempotence ; une panne de la passerelle : retenté', async () => {
    const id = (await queueSms(`sms-essai-${Date.now()}`))!;
    status = 503;
    await expect(deliverMessage({ messageId: id })).rejects.toThrow('Passerelle SMS : réponse 503');
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'FAILED' });
    // A token the gateway no longer accepts refuses every SMS alike: tried again, not given up on.
    status = 401;
    await expect(deliverMessage({ messageId: id })).rejects.toThrow('Passerelle SMS : réponse 401');
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'FAILED' });

    status = 200;
    expect(await deliverMessage({ messageId: id })).toBe('sent');
    expect(calls).toHaveLength(3);
    expect(calls[2].body).toEqual({ to: '+33612345678', text: 'EduConnect : votre code est 482913.' });
    expect(calls[2].headers.authorization).toBe('Bearer jeton-de-la-passerelle');
    expect(calls[2].headers['idempotency-key']).toBe(calls[0].headers['idempotency-key']);
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'SENT',
      providerId: 'sms-3',
      text: '',
    });
    expect(await deliverMessage({ messageId: id })).toBe('already-sent');
    expect(calls).toHaveLength(3);
  });

  it('un numéro que la passerelle refuse (400) : REFUSED, le travail se termine, jamais renvoyé', async () => {
    const before = calls.length;
    const { rows } = await families('SMS', 1);
    const id = (await queueSms(`sms-refus-${Date.now()}`, rows[0].accountId))!;
    status = 400;
    try {
      expect(await deliverMessage({ messageId: id })).toBe('refused');
    } finally {
      status = 200;
    }
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'REFUSED',
      error: 'Passerelle SMS : réponse 400',
      text: '',
    });
    expect((await accountHistory(rows[0].accountId))[0]).toMatchObject({ action: 'sms.refuse', by: 'Le service' });
    expect(await deliverMessage({ messageId: id })).toBe('refused');
    expect(calls).toHaveLength(before + 1);
  });

  it('un code retenu par une panne de la passerelle ne part plus une fois expiré : EXPIRED, jamais reçu', async () => {
    const before = calls.length;
    const smsCodeId = await db.$transaction((tx) =>
      sendSmsCode(tx, { flowId: `flux-panne-${Date.now()}`, purpose: 'SIGNUP', mobile: '+33612345679' }),
    );
    const code = await db.smsCode.findUniqueOrThrow({ where: { id: smsCodeId } });
    const m = await db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `sms-code:${smsCodeId}` } });
    expect(m.sendBefore).toEqual(code.expiresAt); // the code's ten minutes
    status = 503;
    try {
      await expect(deliverMessage({ messageId: m.id })).rejects.toThrow('Passerelle SMS : réponse 503');
    } finally {
      status = 200;
    }
    // The gateway comes back after the code's ten minutes: the job's next try sends nothing.
    await db.outboundMessage.update({ where: { id: m.id }, data: { sendBefore: new Date(Date.now() - 1000) } });
    expect(await deliverMessage({ messageId: m.id })).toBe('expired');
    expect(calls).toHaveLength(before + 1); // the one try during the outage
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({
      status: 'EXPIRED',
      text: '',
      error: expect.stringMatching(
        /^non envoyé : son code ou son lien ne valait plus depuis le \d{2}-\d{2}-\d{4} \d{2}:\d{2}/,
      ),
    });
    expect(await deliverMessage({ messageId: m.id })).toBe('expired');
    expect(calls).toHaveLength(before + 1);
    const listed = await undeliveredMessages();
    expect(listed.find((u) => u.id === m.id)).toMatchObject({ status: 'EXPIRED', channel: 'SMS' });
    expect((await undeliveredMessages({ refusedOnly: true })).some((u) => u.id === m.id)).toBe(false);
  });

  it('la passerelle se tait : l’appel abandonné après PROVIDER_TIMEOUT_MS, le code attend un autre essai', async () => {
    const id = (await queueSms(`sms-muet-${Date.now()}`))!;
    [mute, process.env.PROVIDER_TIMEOUT_MS] = [true, '300'];
    const t = performance.now();
    try {
      await expect(deliverMessage({ messageId: id })).rejects.toThrow('Passerelle SMS : pas de réponse en 0.3 s');
    } finally {
      mute = false;
      delete process.env.PROVIDER_TIMEOUT_MS;
      for (const res of unanswered.splice(0)) res.destroy();
    }
    expect(performance.now() - t).toBeLessThan(5000);
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'FAILED' });
    expect(await deliverMessage({ messageId: id })).toBe('sent');
  });

  it('un nouveau code demandé avant l’envoi du précédent : le précédent ne part plus, le nouveau seul', async () => {
    const before = calls.length;
    const flowId = `flux-renvoi-${Date.now()}`;
    const mobile = '+33612345670';
    const first = await db.$transaction((tx) => sendSmsCode(tx, { flowId, purpose: 'SIGNUP', mobile }));
    const firstMessage = await db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `sms-code:${first}` } });
    status = 503; // the gateway does not take it
    try {
      await expect(deliverMessage({ messageId: firstMessage.id })).rejects.toThrow('Passerelle SMS : réponse 503');
    } finally {
      status = 200;
    }
    // The parent presses « Renvoyer un code »; another path's code to the same number is left alone.
    const other = await db.$transaction((tx) =>
      sendSmsCode(tx, { flowId: `${flowId}-autre`, purpose: 'SIGNUP', mobile }),
    );
    const second = await db.$transaction((tx) => sendSmsCode(tx, { flowId, purpose: 'SIGNUP', mobile }));
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id: firstMessage.id } })).toMatchObject({
      status: 'EXPIRED',
      text: '',
      error: 'non envoyé : remplacé par un nouveau code',
    });
    expect(await deliverMessage({ messageId: firstMessage.id })).toBe('expired');
    for (const id of [other, second]) {
      const m = await db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `sms-code:${id}` } });
      expect(await deliverMessage({ messageId: m.id })).toBe('sent');
    }
    expect(calls).toHaveLength(before + 3); // the first's failed try, then the other path's and the new code
  });
});
