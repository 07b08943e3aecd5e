/** Dates and numbers as the guide prints them (Europe/Paris wall clock). The one date formatter. */
const parisParts = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const parts = (d: Date) =>
  Object.fromEntries(parisParts.formatToParts(d).map((p) => [p.type, p.value])) as Record<string, string>;

const HOUR_MS = 3_600_000;
const datesByHour = new Map<number, string>();

/**
 * JJ-MM-AAAA (guide: « 09-07-2018 »). A page of « Responsables » writes a hundred dates, and
 * asking Intl for each one's parts was a few percent of the page: the Paris date is kept per UTC
 * hour. It cannot change within one: since 1945 Paris is one or two hours ahead of UTC and changes
 * offset on the hour (01:00 UTC), so its midnight always falls on a UTC hour.
 */
export function formatDate(d: Date): string {
  const hour = Math.floor(d.getTime() / HOUR_MS);
  let text = datesByHour.get(hour);
  if (text === undefined) {
    const p = parts(d);
    text = `${p.day}-${p.month}-${p.year}`;
    if (datesByHour.size >= 50_000) datesByHour.clear();
    if (d.getUTCFullYear() >= 1946) datesByHour.set(hour, text);
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
