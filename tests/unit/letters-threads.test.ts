/**
 * A batch larger than one chunk, rendered as the jobs and the CLI render it: chunks on worker
 * threads (code bundled by esbuild), joined by pdf-lib. Every letter once, in the order given.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { LETTERS_PER_CHUNK, renderLettersPdf, type PaperLetterInput } from '@/letters/render';
import { renderChunksOnThreads } from '@/letters/render-parallel';

const letter = (i: number): PaperLetterInput => ({
  code: 'C01',
  recipient: { firstName: 'Camille', lastName: `FAMILLE${i}` },
  schoolName: 'CHARLEMAGNE',
  children: [{ firstName: 'Léa', lastName: `FAMILLE${i}` }],
  identifiant: `c.famille${i}`,
  password: 'BUNZ57DM',
  portalUrl: 'https://educonnect.exemple.fr',
  helpUrl: 'https://educonnect.exemple.fr/aide/',
  signInUrl: `https://educonnect.exemple.fr/connexion?identifiant=c.famille${i}`,
});

describe('courriers rendus sur des fils d’exécution', () => {
  it('un lot de plus d’un morceau : chaque courrier une fois, dans l’ordre donné', async () => {
    const n = LETTERS_PER_CHUNK * 2 + 7;
    const pdf = await renderLettersPdf(
      Array.from({ length: n }, (_, i) => letter(i)),
      { renderChunks: renderChunksOnThreads },
    );
    const doc = await getDocumentProxy(pdf);
    expect(doc.numPages).toBe(n);
    const { text } = await extractText(doc);
    for (const i of [0, LETTERS_PER_CHUNK - 1, LETTERS_PER_CHUNK, n - 1]) {
      expect(text[i]).toMatch(new RegExp(`Identifiant : c\\.famille${i}\\b`));
      expect(text[i]).toContain(`Camille FAMILLE${i}.`);
    }
  }, 120_000);
});
