/**
 * A batch larger than one chunk, rendered as the jobs and the CLI render it: chunks on worker
 * threads (code bundled by esbuild, text layouts remembered), joined by pdf-lib. Every letter
 * once, in the order given, each page drawn exactly as react-pdf draws it without the threads.
 * Chunks of PER letters instead of LETTERS_PER_CHUNK: the same paths through the chunks and the
 * threads, with tens of letters instead of hundreds (35 s of the unit part before).
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { renderLettersPdf, type ChunkRenderer, type PaperLetterInput } from '@/letters/render';
import { renderLettersChunk } from '@/letters/render-chunk';
import { renderChunksOnThreads, renderThreadsStarted, stopRenderThreads } from '@/letters/render-parallel';

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

const PER = 5;
const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => letter(from + i));
const onThreads = (letters: PaperLetterInput[], renderChunks: ChunkRenderer = renderChunksOnThreads) =>
  renderLettersPdf(letters, { renderChunks, lettersPerChunk: PER });

/** Each letter of the PDF, in order, is the one of `letters` (identifiant and addressee). */
async function expectLetters(pdf: Uint8Array, first: number, n: number) {
  const doc = await getDocumentProxy(pdf);
  expect(doc.numPages).toBe(n);
  const { text } = await extractText(doc);
  for (const i of [0, PER - 1, PER, n - 1]) {
    expect(text[i]).toMatch(new RegExp(`Identifiant : c\\.famille${first + i}\\b`));
    expect(text[i]).toContain(`Camille FAMILLE${first + i}.`);
  }
}

/** Every piece of text of every page, with where it is drawn (to the hundredth of a point). */
async function pagesDrawn(pdf: Uint8Array): Promise<string[][]> {
  const doc = await getDocumentProxy(pdf);
  const pages: string[][] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const { items } = await (await doc.getPage(p)).getTextContent();
    pages.push(
      items.map((item) =>
        'str' in item ? `${item.str} @ ${item.transform.map((v: number) => v.toFixed(2)).join(' ')}` : '',
      ),
    );
  }
  return pages;
}

describe('courriers rendus sur des fils d’exécution', () => {
  afterAll(stopRenderThreads);

  it('un lot de plus d’un morceau : chaque courrier une fois, dans l’ordre donné', async () => {
    const n = PER * 2 + 3;
    await expectLetters(await onThreads(batch(0, n)), 0, n);
  }, 120_000);

  it('deux lots à la fois, puis un troisième : les mêmes fils, chaque lot juste', async () => {
    const before = renderThreadsStarted();
    const n = PER + 3;
    const [a, b] = await Promise.all([onThreads(batch(1000, n)), onThreads(batch(2000, n))]);
    await expectLetters(a, 1000, n);
    await expectLetters(b, 2000, n);
    await expectLetters(await onThreads(batch(3000, n)), 3000, n);
    // The first test's threads, kept warm, did all of it.
    expect(renderThreadsStarted()).toBe(before);
  }, 120_000);

  it('un morceau qui échoue fait échouer son lot seul ; le lot suivant est rendu', async () => {
    const broken = batch(4000, PER * 3);
    broken[PER + 1] = { ...broken[PER + 1], children: null as never };
    await expect(onThreads(broken)).rejects.toThrow(/rendu des courriers impossible/);
    const n = PER + 1;
    await expectLetters(await onThreads(batch(5000, n)), 5000, n);
  }, 120_000);

  it('des fils arrêtés en plein lot : le lot échoue clairement, le suivant est rendu', async () => {
    // The threads are stopped as the batch's first chunk comes back, the others queued or rendering.
    let stopping: Promise<void> | null = null;
    const outcome = onThreads(batch(7000, PER * 6), (chunks, done) =>
      renderChunksOnThreads(chunks, (index, pdf) => {
        done(index, pdf);
        stopping ??= stopRenderThreads();
      }),
    ).then(
      () => 'rendu',
      (e: Error) => e.message,
    );
    expect(await outcome).toMatch(/rendu des courriers interrompu|fil de rendu des courriers arrêté/);
    await stopping;
    const n = PER + 1;
    await expectLetters(await onThreads(batch(8000, n)), 8000, n);
  }, 120_000);

  it('chaque page est dessinée comme react-pdf la dessine seul : mêmes mots, mêmes places', async () => {
    // Every paper letter, siblings, names long enough to wrap and to push a page over, the same
    // family twice, in more than one chunk: the layouts the threads remember are reused across
    // letters and chunks.
    const long = 'MARIE-CHRISTINE-ALEXANDRA-BÉNÉDICTE DE LA TOUR DU PIN CHAMBLY DE LA CHARCE';
    const letters = batch(9000, PER * 3 + 2).map((l, i): PaperLetterInput => ({
      ...l,
      code: (['C01', 'C03', 'C05'] as const)[i % 3],
      password: i % 3 === 1 ? null : l.password,
      children: Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        firstName: ['Léa', 'Enzo', 'Maël'][k],
        lastName: i % 7 === 0 ? long : l.recipient.lastName,
      })),
      recipient: i % 5 === 0 ? { firstName: 'Anne-Sophie', lastName: long } : l.recipient,
      schoolName: i % 4 === 0 ? 'ÉCOLE ÉLÉMENTAIRE PUBLIQUE JULES FERRY' : l.schoolName,
    }));
    letters.push(letters[0], letters[1]);
    await expect(renderLettersPdf(letters, { lettersPerChunk: 0 })).rejects.toThrow(/lettersPerChunk/);
    // Alone: every letter in one react-pdf document, on this thread.
    const [threaded, alone] = await Promise.all([onThreads(letters), renderLettersChunk(letters)]);
    const drawn = await pagesDrawn(threaded);
    expect(drawn.length).toBeGreaterThanOrEqual(letters.length);
    expect(drawn).toEqual(await pagesDrawn(alone));
  }, 120_000);

  it('des fils arrêtés sont remplacés au lot suivant', async () => {
    await stopRenderThreads();
    const before = renderThreadsStarted();
    const n = PER + 2;
    await expectLetters(await onThreads(batch(6000, n)), 6000, n);
    expect(renderThreadsStarted()).toBeGreaterThan(before);
  }, 120_000);
});
