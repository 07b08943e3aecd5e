import { EventEmitter } from 'node:events';
import os from 'node:os';
import { Logger, run, type Runner, type WorkerEvents } from 'graphile-worker';
import { requireSecretKeyMatches } from '@/lib/accounts/secret-key-check';
import { beat, forgetPool, heartbeatMs, releaseJobsOfDeadWorkers } from '@/lib/jobs/worker-liveness';
import { log } from '@/lib/log';
import { closeTransports } from '@/lib/messaging/transports';
import { parsedCronItems } from './crontab';
import { taskList } from './tasks';

const workerLog = log.child({ composant: 'worker' });

export const graphileLogger = new Logger((scope) => (level, message, meta) => {
  const fn = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
  workerLog[fn]({ tache: scope.taskIdentifier, job: scope.jobId, ...meta }, message);
});

/**
 * Workers give way to the web server on a shared machine: a 1,000-letter batch must not make the
 * directors' pages and the parents' sign-ins wait (bench:load). Lowers the calling thread's
 * priority and so that of the threads it starts afterwards (letter rendering); WORKER_NICE, default
 * 10, 0 to keep the normal priority. Call after any web process was spawned from this one.
 */
export function lowerWorkerPriority(): void {
  const nice = Number(process.env.WORKER_NICE ?? 10);
  if (!Number.isInteger(nice) || nice <= 0) return;
  try {
    os.setPriority(Math.min(nice, 19));
  } catch (e) {
    workerLog.warn({ err: e }, 'priorité des workers inchangée');
  }
}

/**
 * A graphile-worker runner with every task and the crontab. Many may run on one database; each
 * says it is alive, and takes back the jobs of those that fell silent (lib/jobs/worker-liveness.ts).
 */
export async function startWorker({
  connectionString,
  concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4),
}: {
  connectionString: string;
  concurrency?: number;
}): Promise<Runner> {
  // A worker with another key would seal letters and passwords that the other processes cannot read.
  await requireSecretKeyMatches();
  const events: WorkerEvents = new EventEmitter();
  let poolId: string | null = null;
  events.on('pool:create', ({ workerPool }) => (poolId = workerPool.id));
  await releaseJobsOfDeadWorkers().catch((e) => workerLog.error({ err: e }, 'reprise des tâches impossible'));
  const runner = await run({
    connectionString,
    concurrency,
    taskList,
    parsedCronItems: parsedCronItems(),
    noHandleSignals: true,
    pollInterval: 1000,
    logger: graphileLogger,
    events,
  });
  const tick = async () => {
    if (poolId) await beat(poolId);
    await releaseJobsOfDeadWorkers();
  };
  await tick().catch((e) => workerLog.error({ err: e }, 'battement impossible'));
  const timer = setInterval(
    () => void tick().catch((e) => workerLog.error({ err: e }, 'battement impossible')),
    heartbeatMs(),
  );
  timer.unref();
  const stop = runner.stop.bind(runner);
  runner.stop = async (reason?: string) => {
    clearInterval(timer);
    await stop(reason);
    closeTransports();
    if (poolId) await forgetPool(poolId).catch(() => undefined);
  };
  return runner;
}
