import { Logger, run, type Runner } from 'graphile-worker';
import { log } from '@/lib/log';
import { parsedCronItems } from './crontab';
import { taskList } from './tasks';

const workerLog = log.child({ composant: 'worker' });

export const graphileLogger = new Logger((scope) => (level, message, meta) => {
  const fn = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
  workerLog[fn]({ tache: scope.taskIdentifier, job: scope.jobId, ...meta }, message);
});

/** A graphile-worker runner with every task and the crontab. Many may run on one database. */
export async function startWorker({
  connectionString,
  concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4),
}: {
  connectionString: string;
  concurrency?: number;
}): Promise<Runner> {
  return run({
    connectionString,
    concurrency,
    taskList,
    parsedCronItems: parsedCronItems(),
    noHandleSignals: true,
    pollInterval: 1000,
    logger: graphileLogger,
  });
}
