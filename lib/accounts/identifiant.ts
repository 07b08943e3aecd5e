const ASCII = /^[\x00-\x7f]*$/;
/** Letters that Unicode does not decompose into a base letter and marks (as fold_text() in SQL). */
const UNDECOMPOSED: Record<string, string> = { ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ı: 'i', ħ: 'h', Ħ: 'h' };
const UNDECOMPOSED_LETTER = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

/**
 * Identifiant rule (DESIGN.md §6): first letter of the first name, a dot, the last name, lower
 * case, accents and non-letters removed (`g.zoumn`); a number suffix when taken (`g.reabu5`).
 * Never reused: suffixes come from a counter per base that only grows (identifiant_counter).
 */
export function foldToAsciiLetters(s: string): string {
  // ASCII text has nothing to decompose: the short cut gives the same letters (an import folds
  // a million names).
  if (ASCII.test(s)) return s.toLowerCase().replace(/[^a-z]/g, '');
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(UNDECOMPOSED_LETTER, (c) => UNDECOMPOSED[c])
    .replace(/æ/gi, 'ae')
    .replace(/œ/gi, 'oe')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export function identifiantBase(firstName: string, lastName: string): string {
  const first = foldToAsciiLetters(firstName).slice(0, 1) || 'x';
  const last = foldToAsciiLetters(lastName) || 'responsable';
  return `${first}.${last}`;
}

/** The identifiant for the n-th use of a base: 0 → the base itself, n → base + n. */
export function identifiantFor(base: string, n: number): string {
  return n === 0 ? base : `${base}${n}`;
}
