/**
 * What an SMS costs: operators bill by segment. A text written only with the GSM 03.38 alphabet (its
 * basic table and the escaped characters of its extension) is sent 7 bits a character: 160 in one
 * segment, 153 each once split. One character outside it (« », ’, ê, î, ô…) sends the whole text in
 * UCS-2: 70 in one segment, 67 each once split — the same words cost two or three times as much.
 */

/** GSM 03.38's basic table (one septet each). */
const BASIC = [
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?',
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
].join('');
/** Its extension table: each is sent as an escape and itself (two septets). */
const EXTENDED = '^{}\\[~]|€\f';

/** The characters of `text` that GSM 03.38 cannot carry (none: the text goes 7 bits a character). */
export function outsideGsm7(text: string): string[] {
  return [...new Set([...text].filter((c) => !BASIC.includes(c) && !EXTENDED.includes(c)))];
}

/** How many segments `text` takes, and in which encoding. */
export function smsSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; units: number; segments: number } {
  if (outsideGsm7(text).length === 0) {
    const units = [...text].reduce((n, c) => n + (EXTENDED.includes(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  // UTF-16 code units: a character beyond the BMP takes two.
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
