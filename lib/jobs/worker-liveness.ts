import 'server-only';
import os from 'node:os';
import { db } from '@/lib/db';
import { log } from '@/lib/log';

/** How often a worker says it is alive, and after how much silence its jobs are taken back. */
export const heartbeatMs = () => Number(process.env.WORKER_HEARTBEAT_MS ?? 10_000);
export const staleMs = () => Number(process.env.WORKER_STALE_MS ?? 60_000);

export async function beat(poolId: string): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { poolId },
    create: { poolId, host: os.hostname(), pid: process.pid },
    update: { seenAt: new Date() },
  });
}

/**
 * A stopped pool is forgotten, and any job still locked by it is unlocked: graphile-worker records a
 * job's completion after the task has returned, without waiting, so a job finished just before a
 * stop (a deployment) could stay locked by a pool that no longer exists — for graphile-worker's 4
 * hours, since the pool's heartbeat is gone too. Such a job runs again at once; every task is written
 * to be run again (a message already sent is not sent twice, a batch resumes where it stopped).
 */
export async function forgetPool(poolId: string): Promise<void> {
  await db.$executeRaw`select graphile_worker.force_unlock_workers(${[poolId]}::text[])`;
  await db.workerHeartbeat.deleteMany({ where: { poolId } });
}

/**
 * Unlocks the jobs of worker pools silent for longer than WORKER_STALE_MS (killed, or their
 * machine lost): graphile-worker would otherwise leave them locked for 4 hours. The jobs are then
 * retried by any live worker; they are written to resume where they stopped.
 */
export async function releaseJobsOfDeadWorkers(): Promise<string[]> {
  const dead = await db.workerHeartbeat.findMany({
    where: { seenAt: { lt: new Date(Date.now() - staleMs()) } },
    select: { poolId: true },
  });
  const ids = dead.map((d) => d.poolId);
  if (!ids.length) return [];
  await db.$executeRaw`select graphile_worker.force_unlock_workers(${ids}::text[])`;
  await db.workerHeartbeat.deleteMany({ where: { poolId: { in: ids } } });
  log.warn({ pools: ids }, 'tâches reprises à des workers silencieux');
  return ids;
}
