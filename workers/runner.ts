import { EventEmitter } from 'node:events';
import os from 'node:os';
import { Logger, run, type Runner, type WorkerEvents } from 'graphile-worker';
import { requireSecretKeyMatches } from '@/lib/accounts/secret-key-check';
import { beat, forgetPool, heartbeatMs, releaseJobsOfDeadWorkers } from '@/lib/jobs/worker-liveness';
import { log } from '@/lib/log';
import { closeTransports } from '@/lib/messaging/transports';
import { URGENT_JOBS } from '@/lib/jobs/registry';
import { workerNumber } from '@/lib/config/worker-numbers';
import { parsedCronItems } from './crontab';
import { taskList } from './tasks';

const workerLog = log.child({ composant: 'worker' });

/**
 * graphile-worker's lines in the service's log. Its « Completed task … with success », which carries the
 * whole job row, is kept for LOG_LEVEL=debug: each task writes its own line of what it did (« message 12 :
 * sent »), and a rentrée's hundred thousand messages made two lines each, the larger one saying nothing more.
 */
export const graphileLogger = new Logger((scope) => (level, message, meta) => {
  const fn =
    level === 'error'
      ? 'error'
      : level === 'warning'
        ? 'warn'
        : level === 'debug' || meta?.success === true
          ? 'debug'
          : 'info';
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
 * A worker: a graphile-worker runner with every task and the crontab, and beside it one that takes
 * only the jobs a person waits for (URGENT_JOBS, lib/jobs/registry.ts), with slots of their own
 * (WORKER_URGENT_CONCURRENCY, default 2). Many may run on one database; each says it is alive, and
 * takes back the jobs of those that fell silent (lib/jobs/worker-liveness.ts).
 */
export async function startWorker({
  connectionString,
  concurrency = workerNumber('WORKER_CONCURRENCY'),
  urgentConcurrency = workerNumber('WORKER_URGENT_CONCURRENCY'),
}: {
  connectionString: string;
  concurrency?: number;
  urgentConcurrency?: number;
}): Promise<Runner> {
  // A worker with another key would seal letters and passwords that the other processes cannot read.
  await requireSecretKeyMatches();
  const events: WorkerEvents = new EventEmitter();
  const poolIds = new Set<string>();
  events.on('pool:create', ({ workerPool }) => poolIds.add(workerPool.id));
  await releaseJobsOfDeadWorkers().catch((e) => workerLog.error({ err: e }, 'reprise des tâches impossible'));
  const common = { connectionString, noHandleSignals: true, pollInterval: 1000, logger: graphileLogger, events };
  const runner = await run({ ...common, concurrency, taskList, parsedCronItems: parsedCronItems() });
  const urgent =
    urgentConcurrency > 0
      ? await run({
          ...common,
          concurrency: urgentConcurrency,
          maxPoolSize: urgentConcurrency + 2,
          parsedCronItems: [],
          taskList: Object.fromEntries(URGENT_JOBS.map((t) => [t, taskList[t]])),
        }).catch(async (e) => {
          await runner.stop();
          throw e;
        })
      : null;
  const tick = async () => {
    for (const id of poolIds) await beat(id);
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
    await Promise.all([stop(reason), urgent?.stop(reason)]);
    closeTransports();
    for (const id of poolIds) await forgetPool(id).catch(() => undefined);
  };
  // The process lives as long as both: an urgent runner that fails ends it as the other would.
  if (urgent) runner.promise = Promise.all([runner.promise, urgent.promise]).then(() => undefined);
  return runner;
}
