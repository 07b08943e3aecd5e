import { parseCrontab } from 'graphile-worker';
import type { JobName } from '@/lib/jobs/registry';

/**
 * Periodic jobs (graphile-worker crontab syntax). graphile-worker reads the times in UTC, whatever
 * the server's time zone: 2:00 is 3:00 in Paris in winter, 4:00 in summer, and no night is skipped
 * or run twice when the clocks change. One pending run at most per job (`max=1`, a job key of its
 * own name); a missed night is not replayed (`fill` unused): the next night does the same work.
 */
const schedule: { job: JobName; at: string }[] = [
  { job: 'aaf-import-nightly', at: '0 2 * * *' },
  { job: 'stats-nightly', at: '30 4 * * *' },
  { job: 'purge-letters', at: '15 3 * * *' },
  { job: 'purge-portal', at: '45 3 * * *' },
  { job: 'purge-accounts', at: '30 5 * * 0' },
];

export function crontab(): string {
  return schedule.map((s) => `${s.at} ${s.job} ?max=1&jobKey=${s.job}`).join('\n');
}

export const parsedCronItems = () => parseCrontab(crontab());
