import { parseCrontab } from 'graphile-worker';
import { taskDefinitions } from './tasks';

/**
 * Periodic jobs (graphile-worker crontab syntax), Europe/Paris wall clock of the server.
 * `?max=1&jobKey=…` keeps one pending run at most; `fill` is not used: a missed night is not
 * replayed (the next night does the same work).
 */
export const crontabLines: { task: string; line: string }[] = [
  { task: 'aaf-import-nightly', line: '0 2 * * * aaf-import-nightly ?max=1&jobKey=aaf-import-nightly' },
  { task: 'stats-nightly', line: '30 4 * * * stats-nightly ?max=1&jobKey=stats-nightly' },
];

export function crontab(): string {
  const known = new Set(taskDefinitions.map((t) => t.name));
  const missing = crontabLines.filter((l) => !known.has(l.task));
  if (missing.length)
    throw new Error(`La crontab nomme des tâches inconnues : ${missing.map((l) => l.task).join(', ')}`);
  return crontabLines.map((l) => l.line).join('\n');
}

export const parsedCronItems = () => parseCrontab(crontab());
