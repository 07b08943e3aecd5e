/**
 * DESIGN.md §8: a job enqueued in the same transaction as a state change runs once when the
 * transaction commits, and not at all when it rolls back.
 */
import { runOnce } from 'graphile-worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { queueMessage } from '@/lib/messaging/queue-message';
import { taskList } from '@/workers/tasks';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

async function runQueue() {
  await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true, logger: undefined });
}

describe('tâches dans une transaction', () => {
  it('un message mis en file dans une transaction validée est envoyé une fois', async () => {
    const id = await db.$transaction((tx) =>
      queueMessage(tx, {
        channel: 'EMAIL',
        recipient: 'a@exemple.fr',
        subject: 'Sujet',
        template: 'TEST',
        html: '<p>x</p>',
        text: 'x',
        idempotencyKey: 'commit-1',
      }),
    );
    expect(id).toEqual(expect.any(Number));
    const { rows: jobs } = await client.query(
      `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send-message'`,
    );
    expect(jobs[0].n).toBe(1);
    await runQueue();
    await runQueue();
    const m = await db.outboundMessage.findUniqueOrThrow({ where: { id: id! } });
    expect(m.status).toBe('SENT');
    expect(m.transport).toBe('outbox');
    expect(m.sentAt).toBeInstanceOf(Date);
    const { rows: left } = await client.query(`select count(*)::int as n from graphile_worker.jobs`);
    expect(left[0].n).toBe(0);
  });

  it('rien n’est mis en file quand la transaction est annulée', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await queueMessage(tx, {
          channel: 'SMS',
          recipient: '+33612345678',
          template: 'TEST',
          text: 'code',
          idempotencyKey: 'rollback-1',
        });
        throw new Error('annulation');
      }),
    ).rejects.toThrow('annulation');
    const { rows } = await client.query(`select count(*)::int as n from graphile_worker.jobs`);
    expect(rows[0].n).toBe(0);
    expect(await db.outboundMessage.count({ where: { idempotencyKey: 'rollback-1' } })).toBe(0);
  });

  it('la même clé d’idempotence ne crée qu’un message', async () => {
    const first = await db.$transaction((tx) =>
      queueMessage(tx, {
        channel: 'EMAIL',
        recipient: 'b@exemple.fr',
        subject: 'S',
        template: 'TEST',
        text: 't',
        idempotencyKey: 'dup-1',
      }),
    );
    const second = await db.$transaction((tx) =>
      queueMessage(tx, {
        channel: 'EMAIL',
        recipient: 'b@exemple.fr',
        subject: 'S',
        template: 'TEST',
        text: 't',
        idempotencyKey: 'dup-1',
      }),
    );
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    expect(await db.outboundMessage.count({ where: { idempotencyKey: 'dup-1' } })).toBe(1);
    await runQueue();
  });

  it('une charge utile invalide est refusée clairement', async () => {
    await client.query(
      `select graphile_worker.add_job('send-message', '{"messageId": "abc"}'::json, max_attempts := 1)`,
    );
    await runQueue();
    const { rows } = await client.query(
      `select last_error from graphile_worker.jobs where task_identifier = 'send-message'`,
    );
    expect(rows[0].last_error).toMatch(/Charge utile invalide pour la tâche send-message : messageId/);
    await client.query('delete from graphile_worker._private_jobs');
  });
});
