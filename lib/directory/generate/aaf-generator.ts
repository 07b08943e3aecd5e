/**
 * A realistic synthetic AAF export (`npm run cli -- aaf:generate`), for the demo data, the tests
 * and the benchmarks: French names with accents, apostrophes and particles, homonyms, siblings in
 * one school and across schools, multi-level classes, level codes and long labels, guardians
 * without e-mail or mobile, non-legal contacts, ineligible pupils (no INE, provisional admission,
 * no class), directors of one or two schools. Deterministic for a seed; memory stays flat.
 *
 * With `deltaPercent`, the same population is generated but only a delta export is written:
 * class changes, new contacts, a few departures and arrivals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { levelLabels } from '@/lib/accounts/labels';
import type { Level } from '@/lib/generated/prisma/enums';
import { ChunkedWriter, requestXml, writeAafDtd, type AttrValues } from '@/lib/directory/generate/aaf-writer';

/** dd/MM/yyyy, as the directory writes dates. */
const aafDate = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;

export interface GenerateOptions {
  outDir: string;
  schools: number;
  pupilsPerSchool: number;
  seed: number;
  /** Export date in the file names (yyyyMMdd). */
  date?: string;
  academie?: string;
  chunkSize?: number;
  /** Writes a delta export touching about this percentage of the population instead. */
  deltaPercent?: number;
  prefix?: string;
  /** First person id and first school number: two exports with distinct bases never collide. */
  idBase?: number;
  schoolBase?: number;
}

export interface GenerateResult {
  files: string[];
  schools: number;
  pupils: number;
  guardians: number;
  directors: number;
  deltaRequests?: number;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_F = [
  'Emma',
  'Jade',
  'Louise',
  'Alice',
  'Chloé',
  'Léa',
  'Manon',
  'Zoé',
  'Inès',
  'Anaïs',
  'Éloïse',
  'Maëlle',
  'Camille',
  'Lucie',
  'Océane',
  'Hélène',
  'Céline',
  'Sophie',
  'Aïcha',
  'Fatoumata',
  'Noémie',
  'Clémence',
  'Marie-Hélène',
  'Agnès',
  'Bérénice',
  'Nadia',
  'Yasmine',
  'Élise',
  'Gaëlle',
  'Françoise',
];
const FIRST_M = [
  'Gabriel',
  'Léo',
  'Raphaël',
  'Louis',
  'Noah',
  'Jules',
  'Adam',
  'Maël',
  'Lucas',
  'Hugo',
  'Noé',
  'Enzo',
  'Théo',
  'François',
  'Jérôme',
  'Loïc',
  'Mathéo',
  'Karim',
  'Mamadou',
  'Jean-Pierre',
  'Benoît',
  'Cédric',
  'Grégoire',
  'Anthony',
  'Guillaume',
  'Paul',
  'Abdelkader',
  'Yanis',
  'Timothée',
  'Côme',
];
const LAST = [
  'MARTIN',
  'BERNARD',
  'DUBOIS',
  'THOMAS',
  'ROBERT',
  'RICHARD',
  'PETIT',
  'DURAND',
  'LEROY',
  'MOREAU',
  'SIMON',
  'LAURENT',
  'LEFÈVRE',
  'MICHEL',
  'GARCIA',
  'DAVID',
  'BERTRAND',
  'ROUX',
  'VINCENT',
  'FOURNIER',
  'MOREL',
  'GIRARD',
  'ANDRÉ',
  'MERCIER',
  'BOYER',
  'CHEVALIER',
  'FRANÇOIS',
  'LEGRAND',
  'GAUTHIER',
  'PERRIN',
  "N'DIAYE",
  "D'ALMEIDA",
  'DE LA FONTAINE',
  'LE GALL',
  'ÇELIK',
  'MÜLLER',
  'DUPONT-MOREAU',
  'VAN DER BERG',
  "O'BRIEN",
  'DE SOUSA',
  'NGUYEN',
  'BENSAÏD',
  'EL AMRANI',
  'LE BRIS',
  'SAINT-CLAIR',
  'DU PONT',
  'HÉBERT',
  'CÔTÉ',
  'TRAORÉ',
  'KOWALSKI',
];
const SCHOOL_NAMES = [
  'JULES FERRY',
  'LES TILLEULS',
  'JEAN MOULIN',
  'PAUL BERT',
  'VICTOR HUGO',
  'MARIE CURIE',
  'JACQUES PRÉVERT',
  'SAINT-EXUPÉRY',
  'LOUIS PASTEUR',
  'JEAN JAURÈS',
  'LES MINIMES',
  'LE RAMIER',
  'ALFRED DE MUSSET',
  'SAINTE-FAMILLE',
  'GEORGE SAND',
  'LES CHÊNES',
];
const CITIES = [
  'TOULOUSE',
  'MONTAUBAN',
  'ALBI',
  'CASTRES',
  'RODEZ',
  'CAHORS',
  'AUCH',
  'TARBES',
  'FOIX',
  'BLAGNAC',
  'COLOMIERS',
  'MURET',
];
const STREETS = [
  'rue des Lilas',
  'avenue Jean Jaurès',
  "chemin de l'Église",
  'place du Capitole',
  'allée des Érables',
  'boulevard de Strasbourg',
];
const LEVELS: Level[] = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'];
const UAI_KEY = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A UAI with its check letter (7 digits, then the letter of the number modulo 23). */
export function uaiFor(n: number): string {
  const digits = String(310000 + n).padStart(7, '0');
  return digits + UAI_KEY[Number(digits) % 23];
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

interface Person {
  id: string;
  first: string;
  last: string;
  civility: string;
  email: string | null;
  mobile: string | null;
  address: [string, string, string];
}
interface Family {
  guardians: Person[];
  contact: Person | null;
  children: string[];
  crossSchool: boolean;
}

export async function generateAaf(opts: GenerateOptions): Promise<GenerateResult> {
  const rand = mulberry32(opts.seed);
  const deltaRand = mulberry32(opts.seed ^ 0x9e3779b9);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const chance = (p: number) => rand() < p;
  const date = opts.date ?? '20261128';
  const prefix = opts.prefix ?? 'ENT_ACAD';
  const academie = opts.academie ?? 'TOULOUSE';
  const chunk = opts.chunkSize ?? 50_000;
  const delta = opts.deltaPercent !== undefined ? opts.deltaPercent / 100 : null;
  const kind = delta === null ? 'Complet' : 'Delta';
  fs.mkdirSync(opts.outDir, { recursive: true });
  writeAafDtd(opts.outDir);
  const file = (cat: string) => (i: number) =>
    path.join(opts.outDir, `${prefix}_${kind}_${date}_${cat}_${String(i).padStart(4, '0')}.xml`);
  const etab = new ChunkedWriter(file('EtabEducNat'), 'UTF-8', chunk);
  const staff = new ChunkedWriter(file('PersEducNat'), 'UTF-8', chunk);
  const eleves = new ChunkedWriter(file('Eleve'), 'UTF-8', chunk);
  const rels = new ChunkedWriter(file('PersRelEleve'), 'ISO-8859-15', chunk);
  let deltaRequests = 0;

  let nextId = opts.idBase ?? 1_000_000;
  const newId = () => String(nextId++);
  let nextDeltaId = 90_000_000;
  const usedAgentEmails = new Set<string>();
  let emailCounter = 0;

  /** A person; `rng` and `id` differ for delta arrivals, so that they never shift the population. */
  const person = (last: string, female: boolean, rng: () => number = rand, id: () => string = newId): Person => {
    const rpick = <T>(a: readonly T[]) => a[Math.floor(rng() * a.length)];
    const first = rpick(female ? FIRST_F : FIRST_M);
    const r = rng();
    const mobileDigits = `${rng() < 0.5 ? '6' : '7'}${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`;
    const mobileFormat = rng();
    const mobile =
      r < 0.1
        ? null
        : mobileFormat < 0.5
          ? `0${mobileDigits.replace(/(\d)(\d{2})(\d{2})(\d{2})(\d{2})/, '$1 $2 $3 $4 $5')}`
          : mobileFormat < 0.8
            ? `0${mobileDigits}`
            : `+33 ${mobileDigits.replace(/(\d)(\d{2})(\d{2})(\d{2})(\d{2})/, '$1 $2 $3 $4 $5')}`;
    const email = rng() < 0.25 ? null : `${fold(first)}.${fold(last)}${++emailCounter}@exemple.fr`;
    return {
      id: id(),
      first,
      last,
      civility: female ? 'Mme' : 'M.',
      email:
        mobile === null && email === null && rng() < 0.5
          ? `${fold(first)}.${fold(last)}${++emailCounter}@exemple.fr`
          : email,
      mobile,
      address: [
        `${1 + Math.floor(rng() * 120)} ${rpick(STREETS)}`,
        `31${String(Math.floor(rng() * 1000)).padStart(3, '0')}`,
        rpick(CITIES),
      ],
    };
  };

  const newFamily = (): Family => {
    const last = pick(LAST);
    const firstFemale = chance(0.55);
    const guardians = [person(last, firstFemale)];
    if (chance(0.85)) guardians.push(person(chance(0.7) ? last : pick(LAST), !firstFemale || chance(0.1)));
    return {
      guardians,
      contact: chance(0.15) ? person(pick(LAST), chance(0.6)) : null,
      children: [],
      crossSchool: chance(0.05),
    };
  };

  const guardianXml = (g: Person, pupils: string[], legal: boolean) =>
    requestXml('addRequest', 'PersRelEleve', g.id, {
      ENTPersonJointure: g.id,
      ENTPersonNom: g.last,
      ENTPersonPrenom: g.first,
      ENTPersonCivilite: g.civility,
      ENTPersonDateNaissance: null,
      ENTPersRelEleveEleve: pupils,
      ...(g.email ? { ENTPersonMail: g.email } : {}),
      ...(g.mobile ? { ENTPersRelEleveTelMobile: g.mobile } : {}),
      ENTPersonAdresse: g.address[0],
      ENTPersonCodePostal: g.address[1],
      ENTPersonVille: g.address[2],
      ...(legal ? {} : { ENTPersRelEleveLienParente: 'AUTRE' }),
    });

  const closeFamily = async (f: Family) => {
    for (const g of f.guardians) {
      if (delta === null) await rels.write(guardianXml(g, f.children, true));
      else if (deltaRand() < delta) {
        deltaRequests++;
        await rels.write(
          requestXml('modifyRequest', 'PersRelEleve', g.id, {
            ENTPersonMail: `${fold(g.first)}.${fold(g.last)}.nouveau${++emailCounter}@exemple.fr`,
            ENTPersRelEleveTelMobile: `07${String(Math.floor(deltaRand() * 1e8)).padStart(8, '0')}`,
          }),
        );
      }
    }
    if (f.contact && delta === null) await rels.write(guardianXml(f.contact, f.children, false));
  };

  let pupils = 0;
  let guardians = 0;
  let directors = 0;
  let carry: Family[] = [];
  const schoolUais = Array.from({ length: opts.schools }, (_, i) => uaiFor((opts.schoolBase ?? 0) + i));

  for (let s = 0; s < opts.schools; s++) {
    const uai = schoolUais[s];
    const type = pick(['E.E.PU', 'E.P.PU', 'E.M.PU', 'E.E.PR']);
    const city = pick(CITIES);
    const schoolName = `${type}-${pick(SCHOOL_NAMES)}-${city} ${s + 1}`;
    if (delta === null) {
      await etab.write(
        requestXml('addRequest', 'Etablissement', uai, {
          ENTStructureUAI: uai,
          ENTStructureNomCourant: schoolName,
          ENTServAcAcademie: academie,
        }),
      );
    }
    // The director (sometimes of the next school too).
    const dirFemale = chance(0.7);
    const dir = person(pick(LAST), dirFemale);
    let email = `${fold(dir.first)}.${fold(dir.last)}@ac-${academie.toLowerCase()}.fr`;
    for (let n = 2; usedAgentEmails.has(email); n++)
      email = `${fold(dir.first)}.${fold(dir.last)}${n}@ac-${academie.toLowerCase()}.fr`;
    usedAgentEmails.add(email);
    // The first director always runs two schools, so that every export shows the school choice (guide §4.1).
    const directed = [uai, ...(s + 1 < opts.schools && (s === 0 || chance(0.1)) ? [schoolUais[s + 1]] : [])];
    if (delta === null) {
      await staff.write(
        requestXml('addRequest', 'PersEducNat', dir.id, {
          ENTPersonJointure: dir.id,
          ENTPersonNom: dir.last,
          ENTPersonPrenom: dir.first,
          ENTPersonMail: email,
          ENTPersonStructRattach: uai,
          ENTEnsFonctionDir: directed,
        }),
      );
    }
    directors++;

    // Classes: about 25 pupils each, 30 % of them with two levels.
    const nClasses = Math.max(1, Math.round(opts.pupilsPerSchool / 25));
    const classes: { id: string; label: string; levels: Level[] }[] = [];
    for (let c = 0; c < nClasses; c++) {
      const li = Math.floor((c / nClasses) * LEVELS.length);
      const lv = chance(0.3) && li + 1 < LEVELS.length ? [LEVELS[li], LEVELS[li + 1]] : [LEVELS[li]];
      const letter = String.fromCharCode(65 + (c % 26));
      const label =
        lv.length === 2
          ? chance(0.5)
            ? `${lv[0]}/${lv[1]} ${letter}`
            : `${lv[0]}-${lv[1]}`
          : chance(0.2)
            ? `Classe ${c + 1} - ${lv[0]} - ${pick(['Mme', 'M.'])} ${pick(LAST)}`
            : `${lv[0]} ${letter}`;
      classes.push({ id: `C${String(c + 1).padStart(2, '0')}`, label, levels: lv });
    }

    const families: Family[] = [];
    let count = 0;
    const incoming = [...carry];
    const closingHere = carry;
    carry = [];
    while (count < opts.pupilsPerSchool) {
      let fam: Family;
      if (incoming.length && chance(0.5)) fam = incoming.shift()!;
      else {
        fam = newFamily();
        guardians += fam.guardians.length + (fam.contact ? 1 : 0);
        families.push(fam);
      }
      // Siblings in the same school: 78 % of families have one child there, 19 % two, 3 % three.
      const r = rand();
      const kids = Math.min(opts.pupilsPerSchool - count, r < 0.78 ? 1 : r < 0.97 ? 2 : 3);
      for (let k = 0; k < kids; k++) {
        const cls = chance(0.007) ? null : pick(classes);
        const level = cls ? pick(cls.levels) : pick(LEVELS);
        const birthYear = 2023 - LEVELS.indexOf(level);
        const bd = new Date(Date.UTC(birthYear, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
        const id = newId();
        const childFirst = pick(chance(0.5) ? FIRST_F : FIRST_M);
        fam.children.push(id);
        count++;
        pupils++;
        // Drawn in both modes, so that a delta describes the very population of the full export.
        {
          const attrs: AttrValues = {
            ENTPersonJointure: id,
            ENTEleveINE: chance(0.02)
              ? null
              : `${String(Math.floor(rand() * 1e10)).padStart(10, '0')}${UAI_KEY[Math.floor(rand() * 23)]}`,
            ENTPersonNom: fam.guardians[0].last,
            ENTPersonPrenom: childFirst,
            ENTPersonDateNaissance: aafDate(bd),
            ENTPersonStructRattach: uai,
            ENTEleveNiveau: chance(0.3) ? levelLabels[level] : level,
            ENTEleveAutoriteParentale: fam.guardians.map((g) => `${g.id}$1`),
            ...(cls ? { ENTPersonClasses: `${uai}$0$0$${cls.id}$${cls.label}` } : {}),
            ...(chance(0.01) ? { ENTEleveAdmission: 'PROVISOIRE' } : {}),
          };
          if (delta === null) await eleves.write(requestXml('addRequest', 'Eleve', id, attrs));
        }
        if (delta !== null && deltaRand() < delta) {
          deltaRequests++;
          const to = classes[Math.floor(deltaRand() * classes.length)];
          await eleves.write(
            requestXml('modifyRequest', 'Eleve', id, {
              ENTPersonClasses: `${uai}$0$0$${to.id}$${to.label}`,
              ENTEleveNiveau: to.levels[0],
            }),
          );
        }
      }
    }
    // Delta arrivals: new families in this school.
    if (delta !== null) {
      const arrivals = Math.round((opts.pupilsPerSchool * delta) / 4);
      for (let a = 0; a < arrivals; a++) {
        const dpick = <T>(a: readonly T[]) => a[Math.floor(deltaRand() * a.length)];
        const g = person(dpick(LAST), deltaRand() < 0.5, deltaRand, () => String(nextDeltaId++));
        const pid = String(nextDeltaId++);
        const cls = classes[Math.floor(deltaRand() * classes.length)];
        await eleves.write(
          requestXml('addRequest', 'Eleve', pid, {
            ENTPersonJointure: pid,
            ENTEleveINE: `${String(Math.floor(deltaRand() * 1e10)).padStart(10, '0')}A`,
            ENTPersonNom: g.last,
            ENTPersonPrenom: dpick(FIRST_F),
            ENTPersonDateNaissance: '15/03/2019',
            ENTPersonStructRattach: uai,
            ENTEleveNiveau: cls.levels[0],
            ENTEleveAutoriteParentale: [`${g.id}$1`],
            ENTPersonClasses: `${uai}$0$0$${cls.id}$${cls.label}`,
          }),
        );
        await rels.write(guardianXml(g, [pid], true));
        deltaRequests += 2;
      }
    }
    // Families close once all their children are written; cross-school ones wait one school.
    for (const f of closingHere) await closeFamily(f);
    for (const f of families) {
      if (f.crossSchool && s + 1 < opts.schools) carry.push(f);
      else await closeFamily(f);
    }
  }
  for (const f of carry) await closeFamily(f);

  await Promise.all([etab.close(), staff.close(), eleves.close(), rels.close()]);
  return {
    files: [...etab.files, ...staff.files, ...eleves.files, ...rels.files],
    schools: opts.schools,
    pupils,
    guardians,
    directors,
    ...(delta !== null ? { deltaRequests } : {}),
  };
}
