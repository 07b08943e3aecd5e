import { renderToBuffer } from '@react-pdf/renderer';
import { PDFDocument } from 'pdf-lib';
import type { AccountListRow } from '@/lib/accounts/account-list';
import { AccountListDocument } from './AccountListDocument';
import { prepareFonts } from './fonts';
import { renderLettersChunk, type PaperLetterInput } from './render-chunk';

export type { PaperLetterInput } from './render-chunk';

/**
 * Letters per react-pdf document: react-pdf's cost grows faster than the page count (DESIGN.md
 * §10) and its memory with the document; fixed-size chunks keep both flat.
 */
export const LETTERS_PER_CHUNK = 50;

/** How the chunks of a batch are rendered: here, one after the other; on threads in jobs (render-parallel.ts). */
export type ChunkRenderer = (chunks: PaperLetterInput[][]) => Promise<Uint8Array[]>;

const inSequence: ChunkRenderer = async (chunks) => {
  const parts: Uint8Array[] = [];
  for (const c of chunks) parts.push(await renderLettersChunk(c));
  return parts;
};

/** The letters of one batch as one PDF, one page each, in the order given, chunk PDFs joined with pdf-lib. */
export async function renderLettersPdf(
  letters: PaperLetterInput[],
  { renderChunks = inSequence }: { renderChunks?: ChunkRenderer } = {},
): Promise<Uint8Array> {
  if (letters.length <= LETTERS_PER_CHUNK) return renderLettersChunk(letters);
  const chunks: PaperLetterInput[][] = [];
  for (let i = 0; i < letters.length; i += LETTERS_PER_CHUNK) chunks.push(letters.slice(i, i + LETTERS_PER_CHUNK));
  const merged = await PDFDocument.create();
  merged.setTitle('EduConnect - courriers aux responsables');
  merged.setLanguage('fr');
  for (const part of await renderChunks(chunks)) {
    const doc = await PDFDocument.load(part);
    for (const page of await merged.copyPages(doc, doc.getPageIndices())) merged.addPage(page);
  }
  return merged.save();
}

/** The account list of guide §5.4 as a PDF. */
export async function renderAccountListPdf(input: {
  createdOn: string;
  school: { uai: string; name: string };
  rows: AccountListRow[];
}): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<AccountListDocument {...input} />);
}
