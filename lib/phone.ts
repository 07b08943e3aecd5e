/**
 * Mobile numbers, the one place: read as people type them or as the directory gives them, stored in
 * E.164 (`normalizeMobile`: the import, the portal's forms), shown as people read them
 * (`formatMobile`). Apart from lib/format.ts so that only the code that handles a mobile loads the
 * numbering plans' metadata (« Responsables » and the statistics never do).
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/**
 * The overseas departments whose mobiles are written at home as French ones (« 0692 12 34 56 » in
 * La Réunion) but are reached through their own country code (+262 692 12 34 56), by the ranges the
 * French plan gave them: Mayotte 06 39 and La Réunion 06 92–93 (+262), Guadeloupe with
 * Saint-Barthélemy and Saint-Martin 06 90–91 (+590), Guyane 06 94 (+594), Martinique 06 96–97 and
 * 07 09 (+596). Which numbers of a range are allocated is the numbering plans' business (libphonenumber).
 */
const OVERSEAS_CODES: [RegExp, string][] = [
  [/^(?:639|69[23])/, '262'],
  [/^69[01]/, '590'],
  [/^694/, '594'],
  [/^(?:69[67]|709)/, '596'],
];

const isMobile = (n: PhoneNumber) => {
  const type = n.getType();
  return !type || type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
};

/** An overseas department's mobile written in the French plan (`692123456`), with its own code; or null. */
function overseasMobile(national: string): string | null {
  const code = OVERSEAS_CODES.find(([range]) => range.test(national))?.[1];
  if (!code) return null;
  const n = parsePhoneNumberFromString(`+${code}${national}`);
  return n?.isValid() && n.getType() === 'MOBILE' ? n.number : null;
}

/**
 * A mobile number in E.164 (+33612345678), French by default; null when not a mobile. A mobile of an
 * overseas department, written as at home (« 0692 12 34 56 ») or behind +33, gets its department's
 * country code, the only one an SMS reaches it by. Any other 06 or 07 number is kept as a French
 * mobile, as the directory gives it, even in a range not yet allocated.
 */
export function normalizeMobile(value: string): string | null {
  // Fast path for the common French mobile forms (06…, 07…, +33 6…, 0033 7…).
  const compact = value.replace(/[\s.()-]/g, '');
  const fr = /^(?:\+33|0033|0)([67]\d{8})$/.exec(compact);
  if (fr) return overseasMobile(fr[1]) ?? `+33${fr[1]}`;
  const n = parsePhoneNumberFromString(value, 'FR');
  if (!n) return null;
  if (n.isValid()) return isMobile(n) ? n.number : null;
  return n.countryCallingCode === '33' ? overseasMobile(n.nationalNumber) : null;
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
