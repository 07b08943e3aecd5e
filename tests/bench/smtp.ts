/**
 * `npm run bench:smtp`: what a batch's e-mails cost on their way out.
 * (1) What the pool of SMTP connections (lib/messaging/transports.ts) saves when they leave by a
 * relay. A local SMTP server with STARTTLS (a throwaway self-signed certificate, made by openssl)
 * receives 200 e-mails of a C02's size, sent one after the other as a `send-messages` job sends
 * them: a new connection per e-mail (nodemailer without a pool, as before session 20), then the pool
 * (2 connections, 100 e-mails each); twice each, alternated. On loopback: a real relay adds its
 * network round trips to every connection, so the gap only grows.
 * (2) What recording the outcome of a call of 100 e-mails costs (deliverMessages with the dev outbox
 * as transport, on a throwaway database): twelve calls, the median of the last ten.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { randomBytes } from 'node:crypto';
import { migrateAll } from '@/lib/database/migrate-all';
import { benchServer, describeMachineLoad, watchMachineLoad } from './support';

const log = (m: string) => process.stderr.write(`[bench:smtp] ${m}\n`);
const N = 200;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smtp-'));
  const [key, cert] = [path.join(dir, 'k.pem'), path.join(dir, 'c.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  let connections = 0;
  const server = new SMTPServer({
    key: fs.readFileSync(key),
    cert: fs.readFileSync(cert),
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
  const port = (server.server.address() as { port: number }).port;
  // A C02's size: 5.9 KB of HTML, 1.4 KB of text (docs/BENCHMARKS.md, « Courriers et courriels »).
  const html = `<p>${'Madame, Monsieur, '.repeat(330)}</p>`;
  const text = 'Madame, Monsieur, '.repeat(78);

  const run = async (pool: boolean) => {
    connections = 0;
    const transport = nodemailer.createTransport({
      url: `smtp://localhost:${port}`,
      ...(pool ? { pool: true, maxConnections: 2, maxMessages: 100 } : {}),
      tls: { rejectUnauthorized: false },
    });
    const load = watchMachineLoad();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      await transport.sendMail({
        from: 'Administrateur des services en ligne <ne-pas-repondre@ac-exemple.fr>',
        to: `parent${i}@exemple.fr`,
        subject: 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant',
        html,
        text,
      });
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    transport.close();
    return {
      pool,
      courriels: N,
      ms: Math.round(ms),
      msParCourriel: +(ms / N).toFixed(2),
      // The relay runs in this process too: its processor is counted with the sender's.
      processeurMsParCourriel: +((used.user + used.system) / 1000 / N).toFixed(2),
      connexions: connections,
      processeurs: describeMachineLoad(load()),
    };
  };
  const results = [];
  for (const pool of [false, true, false, true]) {
    const r = await run(pool);
    const how = pool ? 'pool' : 'une connexion par courriel';
    log(`${how} : ${r.msParCourriel} ms par courriel, ${r.connexions} connexions`);
    results.push(r);
  }
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
  const recording = await recordingACall();
  log(`enregistrer un appel de 100 courriels : ${recording.medianeMs} ms (médiane)`);
  process.stdout.write(
    `${JSON.stringify({ relaisLocalStartTls: results, enregistrementDUnAppelDe100: recording }, null, 2)}\n`,
  );
}

/** deliverMessages for calls of 100 queued e-mails, the dev outbox answering: the writes alone. */
async function recordingACall() {
  const pg = await benchServer();
  try {
    const url = await pg.createDb('bench_smtp_messages');
    await migrateAll(url);
    Object.assign(process.env, {
      DATABASE_URL: url,
      EDUCONNECT_DEMO: '1',
      ACCOUNT_SECRET_KEY: process.env.ACCOUNT_SECRET_KEY ?? randomBytes(32).toString('base64'),
    });
    const [{ db }, { queueMessages }, { deliverMessages }] = await Promise.all([
      import('@/lib/db'),
      import('@/lib/messaging/queue-message'),
      import('@/lib/messaging/deliver-messages'),
    ]);
    const times: number[] = [];
    for (let call = 0; call < 12; call++) {
      const ids = await db.$transaction((tx) =>
        queueMessages(
          tx,
          Array.from({ length: 100 }, (_, i) => ({
            channel: 'EMAIL' as const,
            recipient: `parent${call}-${i}@exemple.fr`,
            subject: 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant',
            template: 'C02',
            html: '<p>Madame, Monsieur,</p>',
            text: 'Madame, Monsieur,',
            idempotencyKey: `bench:${call}:${i}`,
          })),
          { ownJob: false },
        ),
      );
      const started = performance.now();
      if ((await deliverMessages({ messageIds: ids })) !== 100) throw new Error('appel incomplet');
      times.push(performance.now() - started);
    }
    await db.$disconnect();
    const settled = times.slice(2).sort((a, b) => a - b);
    return { medianeMs: +settled[5].toFixed(1), appelsMs: times.map((t) => +t.toFixed(1)) };
  } finally {
    await pg.close();
  }
}

main().catch((e) => {
  log(`échec : ${(e as Error).stack ?? e}`);
  process.exit(1);
});
