import { parseCrontab } from 'graphile-worker';
import { hoursFromUtc, TIME_ZONE } from '@/lib/format';
import type { JobName } from '@/lib/jobs/registry';

/**
 * Periodic jobs (graphile-worker crontab syntax). graphile-worker reads the times in UTC, whatever
 * the server's time zone: in Paris, 2:00 is 3:00 in winter, 4:00 in summer, and no night is skipped
 * or run twice when the clocks change. An overseas académie (EDUCONNECT_TIME_ZONE, one offset all
 * year) gets the same local hours as Paris in winter: 3:00 for the import in La Réunion too, not
 * 6:00, and not 22:00 the evening before in the Antilles. One pending run at most per job (`max=1`,
 * a job key of its own name); a missed night is not replayed (`fill` unused): the next night does
 * the same work.
 */
const schedule: { job: JobName; at: string }[] = [
  { job: 'aaf-import-nightly', at: '0 2 * * *' },
  { job: 'stats-nightly', at: '30 4 * * *' },
  { job: 'purge-letters', at: '15 3 * * *' },
  { job: 'purge-portal', at: '45 3 * * *' },
  { job: 'purge-accounts', at: '30 5 * * 0' },
  { job: 'read-bounces', at: '*/5 * * * *' },
];

/**
 * Hours added to the schedule: 0 for Paris and any zone whose offset changes in the year (the UTC
 * times stand); for a zone of one whole-hour offset, what puts its jobs at Paris's winter hours.
 */
export function scheduleShift(zone: string): number {
  const [winter, summer] = [0, 6].map((month) => hoursFromUtc(zone, new Date(Date.UTC(2026, month, 15))));
  if (winter === null || winter !== summer) return 0;
  return 1 - winter;
}

/** `m h * * dow` moved by `shift` hours, the day of the week following across midnight; every hour stays so. */
function shifted(at: string, shift: number): string {
  const [minute, hour, dom, month, dow] = at.split(' ');
  if (hour === '*') return at;
  const h = Number(hour) + shift;
  const hourOfDay = ((h % 24) + 24) % 24;
  const days = Math.floor(h / 24);
  const day = dow === '*' ? '*' : String((((Number(dow) + days) % 7) + 7) % 7);
  return [minute, String(hourOfDay), dom, month, day].join(' ');
}

export function crontab(zone: string = TIME_ZONE): string {
  const shift = scheduleShift(zone);
  return schedule.map((s) => `${shifted(s.at, shift)} ${s.job} ?max=1&jobKey=${s.job}`).join('\n');
}

export const parsedCronItems = () => parseCrontab(crontab());
