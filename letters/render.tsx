import { renderToBuffer } from '@react-pdf/renderer';
import { PDFDocument } from 'pdf-lib';
import type { AccountListRow } from '@/lib/accounts/account-list';
import { AccountListDocument, accountListPages } from './AccountListDocument';
import { prepareFonts } from './fonts';
import { renderLettersChunk, type PaperLetterInput } from './render-chunk';

export type { PaperLetterInput } from './render-chunk';

/**
 * Letters per react-pdf document: react-pdf's cost grows faster than the page count (DESIGN.md
 * §10) and its memory with the document; fixed-size chunks keep both flat.
 */
export const LETTERS_PER_CHUNK = 50;

/**
 * How the chunks of a batch are rendered: here, one after the other; on threads in jobs
 * (render-parallel.ts). Each chunk's PDF is handed to `done` as soon as it is ready, in any order.
 */
export type ChunkRenderer = (
  chunks: PaperLetterInput[][],
  done: (index: number, pdf: Uint8Array) => void,
) => Promise<void>;

interface RenderOptions {
  renderChunks?: ChunkRenderer;
  lettersPerChunk?: number;
}

const inSequence: ChunkRenderer = async (chunks, done) => {
  for (const [i, c] of chunks.entries()) done(i, await renderLettersChunk(c));
};

/**
 * The letters of one batch as one PDF, one page each, in the order given, chunk PDFs joined with
 * pdf-lib while the next chunks are still being rendered (a chunk is let go once joined).
 * `lettersPerChunk` is LETTERS_PER_CHUNK but for the tests, which go through several chunks with a
 * few letters rather than hundreds.
 */
export async function renderLettersPdf(
  letters: PaperLetterInput[],
  { renderChunks = inSequence, lettersPerChunk = LETTERS_PER_CHUNK }: RenderOptions = {},
): Promise<Uint8Array> {
  if (!Number.isInteger(lettersPerChunk) || lettersPerChunk < 1) throw new Error('lettersPerChunk : entier ≥ 1');
  if (letters.length <= lettersPerChunk) return renderLettersChunk(letters);
  const chunks: PaperLetterInput[][] = [];
  for (let i = 0; i < letters.length; i += lettersPerChunk) chunks.push(letters.slice(i, i + lettersPerChunk));
  const merged = await PDFDocument.create();
  merged.setTitle('EduConnect - courriers aux responsables');
  merged.setLanguage('fr');
  const parts: (Uint8Array | undefined)[] = new Array(chunks.length);
  let joined = 0;
  const join = async () => {
    for (let part = parts[joined]; part; part = parts[joined]) {
      parts[joined++] = undefined;
      const doc = await PDFDocument.load(part);
      for (const page of await merged.copyPages(doc, doc.getPageIndices())) merged.addPage(page);
    }
  };
  let joining = Promise.resolve();
  let failure: unknown = null;
  try {
    await renderChunks(chunks, (index, pdf) => {
      parts[index] = pdf;
      joining = joining.then(join).catch((e: unknown) => void (failure ??= e));
    });
  } finally {
    await joining;
  }
  if (failure) throw failure;
  if (joined !== chunks.length) throw new Error(`courriers : ${joined} morceaux joints sur ${chunks.length}`);
  return merged.save();
}

/** The account list of guide §5.4 as a PDF, its pages decided beforehand (list-pages.ts). */
export async function renderAccountListPdf({
  rows,
  ...input
}: {
  createdOn: string;
  school: { uai: string; name: string };
  rows: AccountListRow[];
}): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<AccountListDocument {...input} pages={accountListPages(rows)} />);
}
