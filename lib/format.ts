/**
 * Dates and numbers as the guide prints them, on the académie's wall clock. The one date formatter.
 *
 * The time zone is the académie's: EDUCONNECT_TIME_ZONE (an IANA name: Indian/Reunion for La Réunion,
 * Indian/Mayotte, America/Guadeloupe, America/Martinique, America/Cayenne), Europe/Paris by default.
 * A name Intl does not know stops the service at its start (lib/config/service-env.ts); here it
 * falls back to Paris.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** Whether Intl knows this time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const configuredZone = process.env.EDUCONNECT_TIME_ZONE?.trim();
export const TIME_ZONE = configuredZone && isTimeZone(configuredZone) ? configuredZone : DEFAULT_TIME_ZONE;

const zoneParts = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const parts = (d: Date) =>
  Object.fromEntries(zoneParts.formatToParts(d).map((p) => [p.type, p.value])) as Record<string, string>;

const HOUR_MS = 3_600_000;

/** A zone's offset from UTC at a moment, in whole hours (+4 for La Réunion); null when not whole. */
export function hoursFromUtc(zone: string, at: Date): number | null {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name ?? '');
  if (!m) return null;
  if (!m[1]) return 0;
  if (m[3] !== '00') return null;
  return (m[1] === '-' ? -1 : 1) * Number(m[2]);
}

/**
 * The zone's offsets from UTC are whole hours (its midnights fall on UTC hours) — true of every zone
 * of the French académies since 1946 — when they are in each month of the year.
 */
const WHOLE_HOURS = Array.from({ length: 12 }, (_, m) => hoursFromUtc(TIME_ZONE, new Date(Date.UTC(2026, m, 1)))).every(
  (h) => h !== null,
);
/** How long a span of time keeps one date: an hour in such a zone, a quarter of an hour in the others. */
const DATE_STEP_MS = WHOLE_HOURS ? HOUR_MS : HOUR_MS / 4;
const datesByStep = new Map<number, string>();

/**
 * JJ-MM-AAAA (guide: « 09-07-2018 »). A page of « Responsables » writes a hundred dates, and
 * asking Intl for each one's parts was a few percent of the page: the date is kept per UTC hour
 * (DATE_STEP_MS), within which it cannot change where the zone is whole hours from UTC and changes
 * offset on the hour — Paris, and every zone of the overseas académies, since 1946.
 */
export function formatDate(d: Date): string {
  const step = Math.floor(d.getTime() / DATE_STEP_MS);
  let text = datesByStep.get(step);
  if (text === undefined) {
    const p = parts(d);
    text = `${p.day}-${p.month}-${p.year}`;
    if (datesByStep.size >= 50_000) datesByStep.clear();
    if (d.getUTCFullYear() >= 1946) datesByStep.set(step, text);
  }
  return text;
}

/** HH:MM:SS. */
export function formatTime(d: Date): string {
  const p = parts(d);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/**
 * JJ-MM-AAAA HH:MM:SS, for lists of events (an account's « Historique », the CLI, the dev outbox):
 * the guide's date (« 09-07-2018 ») and time (« 09:33:39 »), as the other dates of the same pages.
 */
export function formatDateTime(d: Date): string {
  const p = parts(d);
  return `${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** AAAAMMJJHHMMSS (guide §5.4: Educonnect-ListeResponsables-<date_génération>). */
export function formatFileStamp(d: Date): string {
  const p = parts(d);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** A birth date (calendar date, no time zone): JJ-MM-AAAA. */
export function formatCalendarDate(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, '0');
  const month = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${day}-${month}-${d.getUTCFullYear()}`;
}

/** A percentage as in §6.1: at most two decimals, a dot, « 0.84 % », « 4 % ». */
export function formatPct(n: number): string {
  return `${Number(n.toFixed(2))} %`;
}

/**
 * The calendar day `year`-`month`-`day` as AAAA-MM-JJ, or null when there is no such day (31/02, month
 * 13): the check of a typed date (the portal's birth date field, the CLI's `--depuis`). The directory's
 * dates keep their own (`parseAafDate`): what the import makes of a record is versioned with its
 * sources (`FINGERPRINT_VERSION`, tests/unit/record-fingerprint.test.ts).
 */
export function calendarDay(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
