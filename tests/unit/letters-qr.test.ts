/**
 * The QR code of a paper letter, read back as a phone would: the rectangles that the PDF page
 * draws are taken from its content stream, laid out as pixels and decoded with jsQR. It must
 * give the portal's sign-in page with the identifiant, and never the password.
 */
import zlib from 'node:zlib';
import jsQR from 'jsqr';
import { PDFDocument, PDFRawStream, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderLettersChunk } from '@/letters/render-chunk';
import type { PaperLetterInput } from '@/letters/render';

const letter = (identifiant: string): PaperLetterInput => ({
  code: 'C01',
  recipient: { firstName: 'Jean', lastName: 'DUPONT' },
  schoolName: 'CHARLEMAGNE',
  children: [{ firstName: 'Léa', lastName: 'DUPONT' }],
  identifiant,
  password: 'BUNZ57DM',
  portalUrl: 'https://educonnect.exemple.fr',
  helpUrl: 'https://educonnect.exemple.fr/aide/',
  signInUrl: `https://educonnect.exemple.fr/connexion?identifiant=${encodeURIComponent(identifiant)}`,
});

/** The page's drawing instructions, decompressed. */
async function contentStreams(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  return doc.getPages().map((page) => {
    const stream = doc.context.lookup(page.node.Contents() as unknown as PDFRef) as PDFRawStream;
    return zlib.inflateSync(stream.contents).toString('latin1');
  });
}

/** Decodes the block of rectangles drawn under one scale and filled: the QR code. */
function decodeQr(content: string): string | null {
  const block = /\n([\d.]+) 0 0 \1 0 0 cm\n((?:[\d.]+ [\d.]+ [\d.]+ 1 re\n)+)[^\n]*\n[^\n]*\nf\n/.exec(content);
  if (!block) return null;
  const rects = block[2]
    .trim()
    .split('\n')
    .map((l) => l.split(' ').slice(0, 3).map(Number));
  const modules = Math.max(...rects.map(([x, , w]) => x + w)) + 4;
  const px = 4;
  const side = modules * px;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [x, y, w] of rects) {
    for (let yy = y * px; yy < (y + 1) * px; yy++) {
      for (let xx = x * px; xx < (x + w) * px; xx++) rgba.fill(0, (yy * side + xx) * 4, (yy * side + xx) * 4 + 3);
    }
  }
  return jsQR(rgba, side, side)?.data ?? null;
}

describe('QR code of the paper letters', () => {
  it('opens the sign-in page with the identifiant of each letter, never the password', async () => {
    const letters = [letter('celine.dupont114'), letter('m.ørsted-lévêque2')];
    const pages = await contentStreams(await renderLettersChunk(letters));
    expect(pages).toHaveLength(2);
    const read = pages.map(decodeQr);
    expect(read).toEqual(letters.map((l) => l.signInUrl));
    for (const url of read) expect(url).not.toContain('BUNZ57DM');
  });
});
