/** `GET /api/health` for load balancers (issue « Hardening », item 7): what it reads, on a real database. */
import { randomBytes } from 'node:crypto';
import { runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { db as prisma } from '@/lib/db';
import { healthReport } from '@/lib/health';
import { sendSmsCode } from '@/lib/portal/portal-flow';
import { useTestClient } from '@/tests/support/pg-client';
import { startWorker } from '@/workers/runner';
import { taskList } from '@/workers/tasks';

const db = useTestClient();

describe('santé du nœud', () => {
  it('base à jour et file vide : ok', async () => {
    expect(await healthReport()).toEqual({
      ok: true,
      database: 'ok',
      migrations: 'à jour',
      secrets: 'ok',
      pendingMigrations: [],
      oldestQueuedJobSeconds: null,
      queue: 'ok',
      oldestUrgentJobSeconds: null,
      urgent: 'ok',
      lastImportHours: null,
      annuaire: 'jamais importé',
    });
  });

  it('aucun import réussi depuis deux nuits : annuaire « en retard », sans retirer le nœud', async () => {
    const done = (hoursAgo: number, outcome = 'SUCCEEDED') =>
      db().query(
        `insert into directory_import (source, started_at, finished_at, outcome)
         values ('test', now() - make_interval(hours => $1 + 1), now() - make_interval(hours => $1),
                 $2::import_outcome)`,
        [hoursAgo, outcome],
      );
    await done(72);
    await done(1, 'FAILED'); // a refused night is no refresh
    expect(await healthReport()).toMatchObject({ ok: true, annuaire: 'en retard', lastImportHours: 72 });
    await done(5);
    expect(await healthReport()).toMatchObject({ ok: true, annuaire: 'à jour', lastImportHours: 5 });
    await db().query(`delete from directory_import`);
  });

  it('un nœud sans la clé des secrets du service se retire ; la clé précédente d’une rotation suffit', async () => {
    const key = process.env.ACCOUNT_SECRET_KEY!;
    const other = randomBytes(32).toString('base64');
    try {
      expect((await healthReport()).secrets).toBe('ok'); // the sentinel exists, sealed with `key`
      process.env.ACCOUNT_SECRET_KEY = other;
      expect(await healthReport()).toMatchObject({ ok: false, secrets: 'clé différente', database: 'ok' });
      // A worker with that key refuses to start, saying why.
      await expect(startWorker({ connectionString: process.env.DATABASE_URL! })).rejects.toThrow(
        /ACCOUNT_SECRET_KEY n’ouvre pas ce que le service a déjà scellé/,
      );
      process.env.ACCOUNT_SECRET_KEYS_PREVIOUS = key;
      expect(await healthReport()).toMatchObject({ ok: true, secrets: 'ok' });
    } finally {
      process.env.ACCOUNT_SECRET_KEY = key;
      delete process.env.ACCOUNT_SECRET_KEYS_PREVIOUS;
    }
  });

  it('une migration du code absente de la base : le nœud se retire (ok = false) et la nomme', async () => {
    const { rows } = await db().query(
      `delete from "_prisma_migrations" where migration_name = (select max(migration_name) from "_prisma_migrations")
       returning *`,
    );
    try {
      const report = await healthReport();
      expect(report).toMatchObject({
        ok: false,
        migrations: 'en attente',
        pendingMigrations: [rows[0].migration_name],
      });
    } finally {
      const r = rows[0];
      await db().query(
        `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         values ($1, $2, $3, $4, $5, $6)`,
        [r.id, r.checksum, r.finished_at, r.migration_name, r.started_at, r.applied_steps_count],
      );
    }
  });

  it('une tâche due depuis 20 minutes : file « en retard », sans retirer le nœud', async () => {
    await db().query(
      `select graphile_worker.add_job('purge-portal', '{}'::json, run_at := now() - interval '20 minutes')`,
    );
    const report = await healthReport();
    expect(report.ok).toBe(true);
    expect(report.queue).toBe('en retard');
    expect(report.oldestQueuedJobSeconds).toBeGreaterThanOrEqual(1200);
    // Not a job anyone waits for as it happens.
    expect(report).toMatchObject({ urgent: 'ok', oldestUrgentJobSeconds: null });
    await db().query(`delete from graphile_worker._private_jobs`);
  });

  it('un code SMS en attente depuis deux minutes : « urgent » en retard, le reste de la file à l’heure', async () => {
    await db().query(
      `select graphile_worker.add_job('send-message', '{"messageId": 1}'::json,
                                      run_at := now() - interval '2 minutes')`,
    );
    const report = await healthReport();
    expect(report).toMatchObject({ ok: true, queue: 'ok', urgent: 'en retard' });
    expect(report.oldestUrgentJobSeconds).toBeGreaterThanOrEqual(120);
    await db().query(`delete from graphile_worker._private_jobs`);
  });

  it('passerelle SMS en panne : le code qui échoue, retenu entre deux essais, met « urgent » en retard', async () => {
    // Nothing listens on port 9: every try fails at once, as during a gateway outage.
    process.env.SMS_GATEWAY_URL = 'http://localhost:9/sms';
    try {
      await prisma.$transaction((tx) =>
        sendSmsCode(tx, { flowId: `flux-sante-${Date.now()}`, purpose: 'SIGNUP', mobile: '+33612345670' }),
      );
      await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
      const { rows } = await db().query(
        `select attempts, last_error, run_at > now() as held
           from graphile_worker.jobs where task_identifier = 'send-message'`,
      );
      // The worker took it and failed: held back before its next try, nothing is due.
      expect(rows).toEqual([
        { attempts: 1, last_error: expect.stringContaining('Passerelle SMS : injoignable'), held: true },
      ]);
      expect(await healthReport()).toMatchObject({ ok: true, queue: 'ok', urgent: 'ok' });
      // Two minutes later (the gateway still down), the parent still waits for the code.
      await db().query(`update graphile_worker._private_jobs set created_at = created_at - interval '2 minutes'`);
      const report = await healthReport();
      expect(report).toMatchObject({ ok: true, queue: 'ok', urgent: 'en retard' });
      expect(report.oldestUrgentJobSeconds).toBeGreaterThanOrEqual(120);
      expect(report.oldestQueuedJobSeconds).toBeNull();
      // The same job given up by the worker (its last attempt spent) is for `cli jobs`, no longer waited for.
      await db().query(`update graphile_worker._private_jobs set attempts = max_attempts`);
      expect(await healthReport()).toMatchObject({ urgent: 'ok', oldestUrgentJobSeconds: null });
    } finally {
      delete process.env.SMS_GATEWAY_URL;
      await db().query(`delete from graphile_worker._private_jobs`);
    }
  });
});
