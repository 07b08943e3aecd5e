import { Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import { HELP_TEXT, letterBlocks, SIGNATURE, type Block, type LetterInput } from '@/lib/accounts/letters';
import { CODE_FONT, FONT } from './fonts';
import { QrCode } from './QrCode';
import { StateHeader } from './StateHeader';

const BLUE = '#000091';
const s = StyleSheet.create({
  page: { fontFamily: FONT, fontSize: 10.5, paddingVertical: 40, paddingHorizontal: 50, color: '#161616' },
  attention: { textAlign: 'right', marginBottom: 14 },
  title: { fontWeight: 'bold', fontSize: 13, color: BLUE, marginBottom: 12 },
  text: { marginBottom: 6 },
  children: { marginBottom: 6, marginLeft: 16 },
  credentials: { marginVertical: 10, marginLeft: 60, fontSize: 12 },
  footnote: { fontSize: 9, marginLeft: 60, marginTop: -6, marginBottom: 10 },
  signature: { marginTop: 12, marginBottom: 12 },
  rule: { borderBottomWidth: 1, borderBottomColor: '#dddddd', marginVertical: 10 },
  box: { borderWidth: 1, borderColor: BLUE, padding: 10, marginBottom: 10 },
  boxTitle: { fontWeight: 'bold', color: BLUE, marginBottom: 4 },
  qr: { position: 'absolute', right: 50, top: 40, width: 90 },
  qrCaption: { fontSize: 7, textAlign: 'center', marginTop: 2 },
  code: { fontFamily: CODE_FONT },
});

/**
 * One block as few layout nodes as possible: react-pdf's cost is per node and per line, and a
 * batch holds a thousand pages. Addresses are printed in full (the QR code opens the portal).
 */
function BlockView({ b }: { b: Block }) {
  switch (b.kind) {
    case 'attention':
      return <Text style={s.attention}>{b.text}</Text>;
    case 'title':
      return <Text style={s.title}>{b.text}</Text>;
    case 'text':
      return <Text style={s.text}>{b.url ? `${b.text} ${b.url}` : b.text}</Text>;
    case 'children':
      return (
        <Text style={s.children}>
          {b.names.map((name, i) => `- ${name}${b.colon && i === b.names.length - 1 ? ' :' : ''}`).join('\n')}
        </Text>
      );
    case 'credentials':
      return (
        <>
          <Text style={s.credentials}>
            {'Identifiant : '}
            <Text style={s.code}>{b.identifiant}</Text>
            {'\nMot de passe * : '}
            <Text style={s.code}>{b.password ?? ''}</Text>
          </Text>
          {b.footnote && <Text style={s.footnote}>{b.footnote}</Text>}
        </>
      );
    case 'reminder':
      return (
        <Text style={s.credentials}>
          Rappel de votre identifiant : <Text style={s.code}>{b.identifiant}</Text>
        </Text>
      );
    case 'signature':
      return <Text style={s.signature}>{SIGNATURE}</Text>;
    case 'rule':
      return <View style={s.rule} />;
    case 'activation':
      return (
        <View style={s.box}>
          <Text style={s.boxTitle}>{b.lines[0]}</Text>
          <Text>{b.lines.slice(1).join('\n\n')}</Text>
        </View>
      );
    case 'help':
      return <Text style={s.text}>{`${HELP_TEXT} ${b.url}`}</Text>;
  }
}

export interface PaperLetterInput extends LetterInput {
  /** The portal's sign-in page with the identifiant filled in (never the password). */
  signInUrl: string;
}

/**
 * The most a letter may hold and still be certain to fit on its A4 page, in characters (checked
 * by tests/unit/letters-annex.test.ts on every paper letter at these limits, written in « W »,
 * the widest letter): nearly every family, school and address. Such a letter
 * skips react-pdf's pagination, which lays every page out a second time (a fourteenth of a
 * batch); a letter beyond them is paginated as before, and nothing of it is ever cut.
 */
export const ONE_PAGE_LIMITS = { children: 3, name: 40, school: 60, identifiant: 30, url: 60 };

export function fitsOnOnePage(l: PaperLetterInput): boolean {
  const full = (p: { firstName: string; lastName: string }) => p.firstName.length + 1 + p.lastName.length;
  const L = ONE_PAGE_LIMITS;
  return (
    l.children.length <= L.children &&
    [l.recipient, ...l.children].every((p) => full(p) <= L.name) &&
    l.schoolName.length <= L.school &&
    l.identifiant.length <= L.identifiant &&
    [l.portalUrl, l.helpUrl].every((u) => u.length <= L.url)
  );
}

/**
 * One A4 page per account (annexe A1: C01, C03, C05), with a QR code to the sign-in page.
 * `paginate` forces react-pdf's pagination (tests); by default only a letter that might not fit
 * is paginated.
 */
export function PaperLetter({ letter, paginate }: { letter: PaperLetterInput; paginate?: boolean }) {
  return (
    <Page size="A4" style={s.page} wrap={paginate ?? !fitsOnOnePage(letter)}>
      <StateHeader schoolName={letter.schoolName} />
      <View style={s.qr}>
        <QrCode value={letter.signInUrl} size={72} />
        <Text style={s.qrCaption}>Scanner pour ouvrir la page de connexion</Text>
      </View>
      {letterBlocks(letter).map((b, i) => (
        <BlockView key={i} b={b} />
      ))}
    </Page>
  );
}
