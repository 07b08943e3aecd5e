/**
 * Child process of `bench:letters`: renders N letters (react-pdf, or pdfkit as the yardstick), N
 * e-mails handed to the transport, or the account list of guide §5.4 as a PDF with N rows (its pages
 * decided beforehand as the web server does, or — `liste-react-pdf` — one long table paginated by
 * react-pdf, as before session 28), then prints the time and peak memory as JSON.
 */
import { createElement } from 'react';
import { renderToBuffer } from '@react-pdf/renderer';
import { renderLetterEmail } from '@/emails/render';
import { AccountListDocument } from '@/letters/AccountListDocument';
import { prepareFonts } from '@/letters/fonts';
import { renderAccountListPdf, renderLettersPdf, type PaperLetterInput } from '@/letters/render';
import type { AccountListRow } from '@/lib/accounts/account-list';
import { renderChunksOnThreads } from '@/letters/render-parallel';
import { letterBlocks, SIGNATURE, HELP_TEXT } from '@/lib/accounts/letters';
import { getTransport } from '@/lib/messaging/transports';

const [kind, nText] = process.argv.slice(2);
const n = Number(nText);

/** One school's letters: a quarter of the families with two or three children. */
function letters(count: number, from = 0): PaperLetterInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const last = `FAMILLE${i}`;
    const kids = i % 4 === 0 ? 1 + (i % 3) + 1 : 1;
    return {
      code: i % 10 === 0 ? 'C05' : 'C01',
      recipient: { firstName: 'Dominique', lastName: last },
      schoolName: 'E.E.PU-LES TILLEULS-BLAGNAC',
      children: Array.from({ length: kids }, (_, k) => ({ firstName: ['Léa', 'Enzo', 'Maël'][k], lastName: last })),
      identifiant: `d.famille${i}`,
      password: 'BUNZ57DM',
      portalUrl: 'https://educonnect.exemple.fr',
      helpUrl: 'https://educonnect.exemple.fr/espace-responsable',
      signInUrl: `https://educonnect.exemple.fr/connexion?identifiant=d.famille${i}`,
    };
  });
}

/** The same words and layout with pdfkit, the yardstick (no QR code, same fonts, same blocks). */
async function pdfkit(list: PaperLetterInput[]): Promise<number> {
  const { default: PDFDocument } = await import('pdfkit');
  const dir = 'node_modules/@codegouvfr/react-dsfr/dsfr/fonts';
  const doc = new PDFDocument({ size: 'A4', margin: 50, autoFirstPage: false });
  doc.registerFont('M', `${dir}/Marianne-Regular.woff`);
  doc.registerFont('B', `${dir}/Marianne-Bold.woff`);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  for (const l of list) {
    doc.addPage();
    doc.font('B').fontSize(11).text('RÉPUBLIQUE\nFRANÇAISE').font('M').fontSize(10.5).moveDown();
    for (const b of letterBlocks(l)) {
      if (b.kind === 'title') doc.font('B').text(b.text).font('M');
      else if (b.kind === 'text' || b.kind === 'attention')
        doc.text(`${b.text}${'url' in b && b.url ? ` ${b.url}` : ''}`);
      else if (b.kind === 'children') doc.text(b.names.map((x) => `- ${x}`).join('\n'));
      else if (b.kind === 'credentials') doc.text(`Identifiant : ${b.identifiant}\nMot de passe * : ${b.password}`);
      else if (b.kind === 'signature') doc.text(SIGNATURE);
      else if (b.kind === 'activation') doc.text(b.lines.join('\n'));
      else if (b.kind === 'help') doc.text(`${HELP_TEXT} ${b.url}`);
      doc.moveDown(0.4);
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks).length;
}

/** A school's list: names, classes with their teachers (some on two lines), a password in two rows of three. */
function listRows(count: number): AccountListRow[] {
  const classes = ['CP A', 'Classe 5 - MS - Mme DARTHOUT Emmanuelle', 'CE1-CE2 B', 'CM2 - M. BOUVIER-SAINT-JEAN'];
  return Array.from({ length: count }, (_, i) => ({
    uai: '0310002J',
    ecole: 'E.E.PU-LES TILLEULS-BLAGNAC',
    nomEleve: `FAMILLE${i}`,
    prenomEleve: ['Léa', 'Enzo', 'Maël'][i % 3],
    niveau: 'Cours élémentaire 1re année',
    classe: classes[i % classes.length],
    nomResponsable: `FAMILLE${i}`,
    prenomResponsable: 'Dominique',
    identifiant: `d.famille${i}`,
    motDePasse: i % 3 ? 'BUNZ57DM' : '*****',
  }));
}
const listSchool = { uai: '0310002J', name: 'E.E.PU-LES TILLEULS-BLAGNAC' };

const onThreads = (list: PaperLetterInput[]) => renderLettersPdf(list, { renderChunks: renderChunksOnThreads });
// « react-pdf-suivant »: the batch that follows another in a worker process, its threads warm
// (render-parallel.ts keeps them); the first batch, other families, is not timed.
if (kind === 'react-pdf-suivant') await onThreads(letters(n, 100_000));
const started = performance.now();
let bytes = 0;
if (kind === 'react-pdf' || kind === 'react-pdf-suivant') bytes = (await onThreads(letters(n))).length;
else if (kind === 'pdfkit') bytes = await pdfkit(letters(n));
else if (kind === 'emails') {
  process.env.EDUCONNECT_DEMO = '1';
  const transport = getTransport();
  for (const l of letters(n)) {
    const m = await renderLetterEmail({ ...l, code: l.code === 'C05' ? 'C06' : 'C02' });
    await transport.sendEmail({
      to: 'a@exemple.fr',
      subject: m.subject,
      html: m.html,
      text: m.text,
      idempotencyKey: l.identifiant,
    });
    bytes += m.html.length + m.text.length;
  }
} else if (kind === 'liste') {
  bytes = (await renderAccountListPdf({ createdOn: '05/12/2026', school: listSchool, rows: listRows(n) })).length;
} else if (kind === 'liste-react-pdf') {
  await prepareFonts();
  const doc = createElement(AccountListDocument, { createdOn: '05/12/2026', school: listSchool, pages: [listRows(n)] });
  bytes = (await renderToBuffer(doc as Parameters<typeof renderToBuffer>[0])).length;
} else throw new Error(`inconnu : ${kind}`);
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    kind,
    n,
    s: +(ms / 1000).toFixed(2),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes,
  }) + '\n',
);
