import { Document, renderToBuffer } from '@react-pdf/renderer';
import { prepareFonts } from './fonts';
import { PaperLetter, type PaperLetterInput } from './PaperLetter';

export type { PaperLetterInput } from './PaperLetter';

/** Some letters as one PDF, one page each, in the order given. */
export async function renderLettersChunk(letters: PaperLetterInput[]): Promise<Uint8Array> {
  await prepareFonts();
  const pdf = await renderToBuffer(
    <Document title="EduConnect - courriers aux responsables" author="EduConnect" language="fr">
      {letters.map((l, i) => (
        <PaperLetter key={i} letter={l} />
      ))}
    </Document>,
  );
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
}
