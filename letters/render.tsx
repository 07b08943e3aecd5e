import { Document, renderToBuffer } from '@react-pdf/renderer';
import type { AccountListRow } from '@/lib/accounts/account-list';
import { AccountListDocument } from './AccountListDocument';
import { registerFonts } from './fonts';
import { PaperLetter, type PaperLetterInput } from './PaperLetter';

export type { PaperLetterInput } from './PaperLetter';

/** The letters of one batch as one PDF, one page each, in the order given. */
export async function renderLettersPdf(letters: PaperLetterInput[]): Promise<Buffer> {
  registerFonts();
  return renderToBuffer(
    <Document title="EduConnect - courriers aux responsables" author="EduConnect" language="fr">
      {letters.map((l, i) => (
        <PaperLetter key={i} letter={l} />
      ))}
    </Document>,
  );
}

/** The account list of guide §5.4 as a PDF. */
export async function renderAccountListPdf(input: {
  createdOn: string;
  school: { uai: string; name: string };
  rows: AccountListRow[];
}): Promise<Buffer> {
  registerFonts();
  return renderToBuffer(<AccountListDocument {...input} />);
}
