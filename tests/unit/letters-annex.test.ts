/**
 * Every letter and e-mail of annexe A1, rendered for real (PDF read back with unpdf, e-mail as
 * plain text), compared word for word with the guide's text, with the example's values
 * (Jean DUPONT, Léa, Enzo and Maël, celine.dupont114, BUNZ57DM) and our addresses.
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createElement } from 'react';
import { Document, renderToBuffer } from '@react-pdf/renderer';
import { renderLetterEmail } from '@/emails/render';
import { prepareFonts } from '@/letters/fonts';
import { fitsOnOnePage, ONE_PAGE_LIMITS, PaperLetter, type PaperLetterInput } from '@/letters/PaperLetter';
import { renderLettersChunk } from '@/letters/render-chunk';
import type { LetterCode, LetterInput } from '@/lib/accounts/letters';

const PORTAL = 'https://educonnect.exemple.fr';
const HELP = 'https://educonnect.exemple.fr/aide/contacts/';
const input = (code: LetterCode): LetterInput => ({
  code,
  recipient: { firstName: 'Jean', lastName: 'DUPONT' },
  schoolName: 'CHARLEMAGNE',
  children: [
    { firstName: 'Léa', lastName: 'DUPONT' },
    { firstName: 'Enzo', lastName: 'DUPONT' },
    { firstName: 'Maël', lastName: 'DUPONT' },
  ],
  identifiant: 'celine.dupont114',
  password: code === 'C03' || code === 'C04' ? null : 'BUNZ57DM',
  portalUrl: PORTAL,
  helpUrl: HELP,
});
const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

// Annexe A1, as printed in the guide (its examples' values; our portal and help addresses).
const CHILDREN_COLON = '- Léa DUPONT - Enzo DUPONT - Maël DUPONT :';
const CHILDREN = '- Léa DUPONT - Enzo DUPONT - Maël DUPONT';
const HELP_LINE = `En cas de problème, vous trouverez toutes les informations nécessaires à cette adresse : ${HELP}`;
const TWO_STEPS =
  'Activez votre compte responsable en 2 étapes : Pour accéder aux services une adresse de messagerie est ' +
  'indispensable. Etape 1 : à la première connexion, vous devrez saisir le mot de passe provisoire ci-dessus, et ' +
  "vérifier votre adresse de messagerie. Etape 2 : un courriel contenant un lien d'activation vous sera envoyé, " +
  "sur lequel il faut absolument cliquer afin d'activer votre compte. NB: Si vous ne recevez pas de courriel, " +
  'vérifiez qu\'il n\'a pas été classé comme "spam" ou connectez-vous à nouveau pour modifier votre adresse de ' +
  'messagerie.';
const BODY = {
  notify:
    `L'école CHARLEMAGNE met à la disposition des parents d'élèves un ensemble de services pédagogiques et ` +
    `administratifs, accessibles à l'adresse internet suivante : ${PORTAL} En ce qui concerne votre compte d'accès : ` +
    "Vous trouverez ci-dessous l'identifiant et le mot de passe de votre compte internet pour accéder aux services " +
    `proposés pour ${CHILDREN_COLON} Identifiant : celine.dupont114 Mot de passe * : BUNZ57DM * Mot de passe ` +
    `provisoire, à modifier lors de la première connexion Le directeur d'école. ${TWO_STEPS} ${HELP_LINE}`,
  renotify:
    "Votre compte d'accès aux services pédagogiques et administratifs proposés pour " +
    `${CHILDREN} est toujours valide. Rappel de votre identifiant : celine.dupont114 Votre mot de passe est ` +
    `inchangé. Pour accéder à vos services, il suffit de vous connecter à l'adresse internet suivante : ${PORTAL} ` +
    `Le directeur d'école. ${HELP_LINE}`,
  reset:
    'Demande de changement de mot de passe pour les services en ligne ' +
    "Vous avez demandé auprès de l'école CHARLEMAGNE un changement de mot de passe pour accéder aux services " +
    `pédagogiques et administratifs, accessibles à l'adresse internet suivante : ${PORTAL} En ce qui concerne ` +
    "votre compte d'accès : Vous trouverez ci-dessous l'identifiant et le nouveau mot de passe provisoire de votre " +
    `compte internet pour accéder aux services proposés pour ${CHILDREN_COLON} Identifiant : celine.dupont114 ` +
    'Mot de passe * : BUNZ57DM * Mot de passe provisoire, à modifier lors de la prochaine connexion Le directeur ' +
    `d'école. ${HELP_LINE}`,
};
const TITLE = 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant';
const EXPECTED: Record<LetterCode, string> = {
  C01: `A l'attention de Jean DUPONT. ${TITLE} ${BODY.notify}`,
  C02: BODY.notify,
  C03: `A l'attention de Jean DUPONT. ${TITLE} ${BODY.renotify}`,
  C04: BODY.renotify,
  C05: `A l'attention de Jean DUPONT. ${BODY.reset}`,
  C06: BODY.reset,
};

async function pdfText(code: LetterCode) {
  const pdf = await renderLettersChunk([{ ...input(code), signInUrl: `${PORTAL}/connexion?identifiant=x` }]);
  const doc = await getDocumentProxy(pdf);
  return squash((await extractText(doc, { mergePages: true })).text);
}

describe('annexe A1, mot pour mot', () => {
  for (const code of ['C01', 'C03', 'C05'] as const) {
    it(`${code} : le courrier papier (PDF relu)`, async () => {
      const text = await pdfText(code);
      expect(text.startsWith('RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité EduConnect — CHARLEMAGNE')).toBe(true);
      expect(text.slice(text.indexOf("A l'attention de"))).toBe(EXPECTED[code]);
      expect(text).not.toContain('BUNZ57DM'.repeat(2));
    }, 30_000);
  }
  it('identifiant et mot de passe se relisent d’un seul tenant, quelles que soient leurs lettres', async () => {
    // « QJ », « AV », « WA »… are kerned in Marianne; a PDF reader then saw « RNWQ J5RL ».
    const letters = ['RNWQJ5RL', 'QJQJAVAW', 'TYLTAVYA'].map((password, i) => ({
      ...input('C01'),
      identifiant: `w.avatyjq${i}`,
      password,
      signInUrl: `${PORTAL}/connexion?identifiant=x`,
    }));
    const doc = await getDocumentProxy(await renderLettersChunk(letters));
    const text = (await extractText(doc, { mergePages: true })).text;
    for (const l of letters) {
      expect(text).toContain(`Mot de passe * : ${l.password}`);
      expect(text).toContain(`Identifiant : ${l.identifiant}`);
    }
  }, 30_000);
  for (const code of ['C02', 'C04', 'C06'] as const) {
    it(`${code} : le courriel (version texte)`, async () => {
      const mail = await renderLetterEmail({ ...input(code), code });
      expect(mail.subject).toBe(
        code === 'C06' ? "Services en ligne de l'éducation nationale - demande de changement de mot de passe" : TITLE,
      );
      // The annex's horizontal rule is a line of dashes in the text version.
      const text = squash(mail.text.replace(/^-{10,}$/gm, ''));
      const body = text.slice(text.indexOf(EXPECTED[code].slice(0, 30)));
      expect(body.startsWith(EXPECTED[code])).toBe(true);
      expect(mail.html).toContain('lang="fr"');
    });
  }
});

describe('une page par compte', () => {
  const L = ONE_PAGE_LIMITS;
  /** A name of exactly `n` characters, in wide capitals (wider than any real name of that length). */
  const wide = (n: number) => 'W'.repeat(n);
  const person = (full: number) => ({ firstName: wide(10), lastName: wide(full - 11) });
  /** The fullest letter that `fitsOnOnePage` still lets through without pagination. */
  const fullest = (code: LetterCode): PaperLetterInput => ({
    ...input(code),
    recipient: person(L.name),
    schoolName: wide(L.school),
    children: Array.from({ length: L.children }, () => person(L.name)),
    identifiant: 'w'.repeat(L.identifiant),
    portalUrl: `https://${'w'.repeat(L.url - 8)}`,
    helpUrl: `https://${'w'.repeat(L.url - 8)}`,
    signInUrl: `${PORTAL}/connexion?identifiant=x`,
  });
  async function pages(letter: PaperLetterInput, paginate?: boolean) {
    await prepareFonts();
    const pdf = await renderToBuffer(
      createElement(Document, null, createElement(PaperLetter, { letter, paginate })) as Parameters<
        typeof renderToBuffer
      >[0],
    );
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    return { count: doc.numPages, text: squash((await extractText(doc, { mergePages: true })).text) };
  }

  for (const code of ['C01', 'C03', 'C05'] as const) {
    it(`${code} : la lettre la plus pleine admise sans pagination tient sur sa page, pagination faite`, async () => {
      const letter = fullest(code);
      expect(fitsOnOnePage(letter)).toBe(true);
      expect((await pages(letter, true)).count).toBe(1);
    }, 30_000);
  }
  it('au-delà des limites, la lettre est paginée et rien n’en est coupé', async () => {
    const letter = { ...fullest('C01'), children: Array.from({ length: 7 }, (_, i) => person(L.name - 1 - i)) };
    expect(fitsOnOnePage(letter)).toBe(false);
    expect(fitsOnOnePage({ ...fullest('C01'), schoolName: wide(L.school + 1) })).toBe(false);
    const { count, text } = await pages(letter);
    expect(count).toBe(2);
    for (const child of letter.children) expect(text).toContain(`${child.firstName} ${child.lastName}`);
    expect(text).toContain(HELP_LINE.slice(0, 40));
  }, 30_000);
});
