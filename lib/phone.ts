/**
 * Mobile numbers, the one place: read as people type them or as the directory gives them, stored in
 * E.164 (`normalizeMobile`: the import, the portal's forms), shown as people read them
 * (`formatMobile`). Apart from lib/format.ts so that only the code that handles a mobile loads the
 * numbering plans' metadata (« Responsables » and the statistics never do).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A mobile number in E.164 (+33612345678), French by default; null when not a mobile. */
export function normalizeMobile(value: string): string | null {
  // Fast path for the common French mobile forms (06…, 07…, +33 6…, 0033 7…).
  const compact = value.replace(/[\s.()-]/g, '');
  const fr = /^(?:\+33|0033|0)([67]\d{8})$/.exec(compact);
  if (fr) return `+33${fr[1]}`;
  const n = parsePhoneNumberFromString(value, 'FR');
  if (!n || !n.isValid()) return null;
  const type = n.getType();
  if (type && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return n.number;
}

/** The French numbering plan: metropolitan France and the overseas departments that share it. */
const FRENCH_PLAN = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'BL', 'MF']);

/**
 * A mobile number as people read it: « 06 12 34 56 78 » in the French plan, « +32 470 12 34 56 »
 * otherwise. Numbers are stored in E.164 (normalizeMobile); anything unreadable is
 * shown as stored.
 */
export function formatMobile(e164: string): string {
  const n = parsePhoneNumberFromString(e164);
  if (!n) return e164;
  return n.country && FRENCH_PLAN.has(n.country) ? n.formatNational() : n.formatInternational();
}
