/**
 * The PDF list of guide §5.4, rendered for real and read back with unpdf: what it says, and its pages
 * decided beforehand (letters/list-pages.ts) exactly as react-pdf breaks one long table — the same
 * rows on every page, for names and classes as schools write them and for random ones.
 */
import { createElement } from 'react';
import { renderToBuffer } from '@react-pdf/renderer';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountListDocument, accountListPages } from '@/letters/AccountListDocument';
import { prepareFonts } from '@/letters/fonts';
import { renderAccountListPdf } from '@/letters/render';
import type { AccountListRow } from '@/lib/accounts/account-list';

const school = { uai: '0311556Y', name: 'E.M.PU-LE RAMIER-ac-TOULOUSE' };
const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

/** A generator of values, the same at every run. */
function random(seed: number) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] };
}

const CLASSES = [
  'CE1 B',
  'Classe 5 -MS - Mme DARTHOUT Emmanuelle',
  'Classe 6 - GS - Mme MERCADE Cathy',
  'CM1-CM2 A',
  'Petite section bilingue occitan - Mme ÉTCHEVERRY-LARRALDE',
  "Grande section - Mme N'GUYEN Thi Thanh Huong",
];
const NAMES = ['DUPONT', 'DE LA FONTAINE-SAINT-GERMAIN', "N'DIAYE", 'ÉTCHEVERRY LARRALDE DE MONTMORENCY', 'LI'];
const FIRST = ['Bilal', 'Marie-Hélène Anne-Sophie', 'Jean-Baptiste Alexandre', 'Zoé', 'Maëlys'];
const LEVELS = ['Moyenne section', 'Cours élémentaire 1re année', 'Cours préparatoire'];

/** Rows as schools write them, or (`wild`) of random words, some longer than their column. */
function rows(n: number, seed: number, wild = false): AccountListRow[] {
  const r = random(seed);
  const letters = "abcdefghijklmnopqrstuvwxyzéèàçôWMQAZÉ-'";
  const word = () =>
    Array.from({ length: 1 + Math.floor(r.next() * (r.next() < 0.1 ? 25 : 11)) }, () => r.pick([...letters])).join('');
  const text = () => Array.from({ length: 1 + Math.floor(r.next() * (r.next() < 0.3 ? 8 : 2)) }, word).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    uai: school.uai,
    ecole: school.name,
    nomEleve: wild ? text().toUpperCase() : r.pick(NAMES),
    prenomEleve: wild ? text() : r.pick(FIRST),
    niveau: wild ? text() : r.pick(LEVELS),
    classe: wild ? text() : r.pick(CLASSES),
    nomResponsable: wild ? text().toUpperCase() : r.pick(NAMES),
    prenomResponsable: wild ? text() : r.pick(FIRST),
    identifiant: `p.rang${i}`,
    motDePasse: i % 3 === 0 ? '' : i % 3 === 1 ? 'BUNZ57DM' : '*****',
  }));
}

/** The identifiants found on each page of a PDF, in order. */
async function identifiantsPerPage(pdf: Uint8Array): Promise<string[][]> {
  const { text } = await extractText(await getDocumentProxy(pdf));
  return (text as string[]).map((t) => t.match(/p\.rang\d+/g) ?? []);
}

const render = (list: AccountListRow[][]) =>
  renderToBuffer(
    createElement(AccountListDocument, { createdOn: '05/12/2026', school, pages: list }) as Parameters<
      typeof renderToBuffer
    >[0],
  );

beforeAll(() => prepareFonts(), 60_000);

// Each test renders real PDFs, react-pdf's own pagination of a long table among them (its cost grows with
// the square of the rows): seconds when `npm test` builds the app beside it.
const RENDERING = 60_000;

describe('liste des comptes au format PDF (§5.4)', () => {
  it(
    'dit ce que montre le guide : date, école, en-têtes, lignes dans l’ordre, note finale',
    async () => {
      const list = rows(60, 1);
      const pdf = new Uint8Array(await renderAccountListPdf({ createdOn: '05/12/2026', school, rows: list }));
      // pdf.js takes the bytes it is given (they are transferred): each reading gets its own copy.
      const { text } = await extractText(await getDocumentProxy(pdf.slice()));
      const pages = (text as string[]).map(squash);
      expect(pages[0]).toContain('Date de création : 05/12/2026');
      expect(pages[0]).toContain('Ecole : 0311556Y - E.M.PU-LE RAMIER-ac-TOULOUSE');
      expect(pages[0]).toContain('Liste des responsables :');
      for (const page of pages) {
        // The header row on every page.
        expect(page).toMatch(/Nom élève Prénom élève Niveau Classe Nom Prénom Identifiant Mot de passe \*/);
      }
      // Every row once, in the order given; then the note, on the last page only.
      expect((await identifiantsPerPage(pdf.slice())).flat()).toEqual(list.map((r) => r.identifiant));
      const note =
        '* Seuls les mots de passe provisoires sont affichés, le mot de passe choisi par le responsable lors de ' +
        "l'activation de son compte est masqué.";
      expect(pages.at(-1)).toContain(note);
      expect(pages.slice(0, -1).some((p) => p.includes('* Seuls'))).toBe(false);
      expect(pages.map((p, i) => p.includes(`${i + 1} / ${pages.length}`))).toEqual(pages.map(() => true));
      expect(squash((text as string[]).join(' '))).toContain('BUNZ57DM');
    },
    RENDERING,
  );

  it.each([
    ['noms et classes tels que les écoles les écrivent', 100, 2, false],
    ['mots au hasard, certains plus longs que leur colonne', 100, 3, true],
    ['une seule ligne', 1, 4, false],
  ])(
    'mêmes lignes sur chaque page que la mise en page de react-pdf (%s)',
    async (_, n, seed, wild) => {
      const list = rows(n, seed, wild);
      const ours = await identifiantsPerPage(new Uint8Array(await render(accountListPages(list))));
      const theirs = await identifiantsPerPage(new Uint8Array(await render([list])));
      expect(ours).toEqual(theirs);
      expect(ours.flat()).toHaveLength(n);
    },
    RENDERING,
  );

  it(
    'sans ligne : une page, l’en-tête et la note',
    async () => {
      expect(accountListPages([])).toEqual([[]]);
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(await render([[]]))));
      expect(text).toHaveLength(1);
      expect(squash((text as string[])[0])).toContain('* Seuls les mots de passe provisoires');
    },
    RENDERING,
  );
});
