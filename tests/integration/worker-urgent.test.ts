/**
 * What someone waits for (a parent's SMS code, a reset link, a director's « Calculer les
 * statistiques ») is done while every slot of the worker's general runner is held by a long job — a
 * letter batch at the rentrée. Here the long job is the letters' purge, held on a lock the test
 * keeps, so that the slot stays busy for as long as the test wants.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { db } from '@/lib/db';
import { addJob } from '@/lib/jobs/add-job';
import { queueMessage } from '@/lib/messaging/queue-message';
import { requestSchoolStats } from '@/lib/stats/stats-page';
import { createSchool } from '@/tests/support/factories';
import { useTestClient } from '@/tests/support/pg-client';
import { startWorker } from '@/workers/runner';

const pg = useTestClient();
let runner: Runner | null = null;
afterEach(async () => {
  await pg().query('rollback');
  await runner?.stop();
  runner = null;
  // A job a stopped runner had just finished may be left in the queue (graphile-worker records the
  // completion after the task returns; forgetPool unlocks it) and run again by the next test's runner:
  // each test starts from an empty queue.
  await pg().query('delete from graphile_worker._private_jobs');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await check()) return true;
  return check();
}

/** The letters' purge, which starts, then waits on the lock the test holds: the general runner's one slot. */
async function holdTheGeneralSlot() {
  await pg().query('begin; lock table notification_batch in access exclusive mode');
  await db.$transaction((tx) => addJob(tx, 'purge-letters', {}));
}

const smsCode = (key: string) =>
  db.$transaction((tx) =>
    queueMessage(tx, {
      channel: 'SMS',
      recipient: '+33612345678',
      template: 'TEST',
      text: 'Votre code EduConnect : 123456',
      idempotencyKey: key,
    }),
  );

const statusOf = async (id: number) => (await db.outboundMessage.findUniqueOrThrow({ where: { id } })).status;

const longJobRunning = async () => {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from graphile_worker.jobs
     where task_identifier = 'purge-letters' and locked_at is not null`;
  return n === 1;
};

describe('les messages qu’on attend ont leurs places dans chaque worker', () => {
  it('un code SMS part pendant qu’une longue tâche tient toutes les places ordinaires', async () => {
    await holdTheGeneralSlot();
    runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 1, urgentConcurrency: 1 });
    expect(await until(longJobRunning, 10_000)).toBe(true);
    const id = (await smsCode('urgent-1'))!;
    expect(await until(async () => (await statusOf(id)) === 'SENT', 10_000)).toBe(true);
    expect(await longJobRunning()).toBe(true); // the long job still holds its slot
  });

  it('« Calculer les statistiques » d’un directeur aboutit pendant ce temps', async () => {
    await holdTheGeneralSlot();
    const school = await createSchool(`E.E.PU-STATISTIQUES ${Math.random()}`);
    runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 1, urgentConcurrency: 1 });
    expect(await until(longJobRunning, 10_000)).toBe(true);
    await requestSchoolStats({ schoolId: school.id });
    const computed = () => db.statsSnapshot.count({ where: { schoolId: school.id } }).then((n) => n === 1);
    expect(await until(computed, 10_000)).toBe(true);
    expect(await longJobRunning()).toBe(true);
  });

  it('sans ces places, le même code attend la fin de la longue tâche', async () => {
    await holdTheGeneralSlot();
    runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 1, urgentConcurrency: 0 });
    expect(await until(longJobRunning, 10_000)).toBe(true);
    const id = (await smsCode('urgent-2'))!;
    await sleep(3000);
    expect(await statusOf(id)).toBe('PENDING');
    await pg().query('rollback'); // the long job ends: the code leaves after it
    expect(await until(async () => (await statusOf(id)) === 'SENT', 10_000)).toBe(true);
  });

  it('un worker qui s’arrête ne laisse aucune tâche verrouillée à son nom', async () => {
    runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 1, urgentConcurrency: 1 });
    const pools = (await db.workerHeartbeat.findMany()).map((h) => h.poolId);
    expect(pools).toHaveLength(2); // the general runner and the urgent one
    // A job whose completion the stop lost: still locked by the pool, due in an hour so that nobody takes it.
    await pg().query(
      `select graphile_worker.add_job('purge-letters', '{}'::json, run_at := now() + interval '1 hour')`,
    );
    await pg().query(`update graphile_worker._private_jobs set locked_by = $1, locked_at = now()`, [pools[0]]);
    await runner.stop();
    runner = null;
    const { rows } = await pg().query(`select locked_by from graphile_worker._private_jobs`);
    expect(rows).toEqual([{ locked_by: null }]);
    expect(await db.workerHeartbeat.count()).toBe(0);
  });
});
