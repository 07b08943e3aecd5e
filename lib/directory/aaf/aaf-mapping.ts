/**
 * From AAF records to the rows of our domain (DESIGN.md §7, first-degree attribute names of the
 * open-source ENT "entcore" aaf1d mapping). Pure functions: no database here.
 */
import type { Level } from '@/lib/generated/prisma/enums';
import { identifiantBase } from '@/lib/accounts/identifiant';
import { normalizeMobile } from '@/lib/phone';
import type { AafRecord } from '@/lib/directory/aaf/aaf-parser';
import type { MappedRow } from '@/lib/directory/import/staging';

export type AafCategory = 'EtabEducNat' | 'PersEducNat' | 'Eleve' | 'PersRelEleve';
export const CATEGORIES: AafCategory[] = ['EtabEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'];

/** `…_Complet_<date>_Eleve_0000.xml` → Eleve, full; `…_Delta_…` (anything not Complet) → delta. */
export function classifyFile(name: string): { category: AafCategory; full: boolean } | null {
  const m = /_(EtabEducNat|PersEducNat|PersRelEleve|Eleve)_\d+\.xml$/i.exec(name);
  if (!m) return null;
  const category = CATEGORIES.find((c) => c.toLowerCase() === m[1].toLowerCase())!;
  return { category, full: /_Complet_/i.test(name) };
}

export type Warning =
  | 'eleveSansIne'
  | 'eleveSansClasse'
  | 'niveauInconnu'
  | 'dateNaissanceInvalide'
  | 'responsableSansContact'
  | 'mobileInvalide';

export const warningLabels: Record<Warning, string> = {
  eleveSansIne: 'élève sans INE',
  eleveSansClasse: 'élève sans classe',
  niveauInconnu: 'niveau inconnu',
  dateNaissanceInvalide: 'date de naissance invalide',
  responsableSansContact: 'responsable sans adresse électronique ni mobile',
  mobileInvalide: 'numéro de mobile invalide',
};

/** The warnings in a fixed order: bit i of a row's aaf_warnings is WARNINGS[i] (record-fingerprint.ts). */
export const WARNINGS = Object.keys(warningLabels) as Warning[];

const one = (r: AafRecord, name: string): string | null => r.attrs.get(name)?.[0] ?? null;
const has = (r: AafRecord, name: string) => r.attrs.has(name);

const levelByLabel = new Map<string, Level>([
  ['ps', 'PS'],
  ['petitesection', 'PS'],
  ['ms', 'MS'],
  ['moyennesection', 'MS'],
  ['gs', 'GS'],
  ['grandesection', 'GS'],
  ['cp', 'CP'],
  ['courspreparatoire', 'CP'],
  ['ce1', 'CE1'],
  ['courselementaire1reannee', 'CE1'],
  ['courselementaire1ereannee', 'CE1'],
  ['courselementairepremiereannee', 'CE1'],
  ['ce2', 'CE2'],
  ['courselementaire2eannee', 'CE2'],
  ['courselementaire2emeannee', 'CE2'],
  ['courselementairedeuxiemeannee', 'CE2'],
  ['cm1', 'CM1'],
  ['coursmoyen1reannee', 'CM1'],
  ['coursmoyen1ereannee', 'CM1'],
  ['coursmoyenpremiereannee', 'CM1'],
  ['cm2', 'CM2'],
  ['coursmoyen2eannee', 'CM2'],
  ['coursmoyen2emeannee', 'CM2'],
  ['coursmoyendeuxiemeannee', 'CM2'],
]);

/** Level codes (`CM1`) and long labels (« Cours moyen 1re année ») alike. */
export function parseLevel(value: string): Level | null {
  const key = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return levelByLabel.get(key) ?? null;
}

/** dd/MM/yyyy → yyyy-MM-dd, or null when it is not a real date. */
export function parseAafDate(value: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  if (!m) return null;
  const [, d, mo, y] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d))
    return null;
  return `${y}-${mo}-${d}`;
}

const firstField = (v: string) => v.split('$')[0].trim();

/** The mapped rows are the staged rows of the import (lib/directory/import/staging.ts). */
export type SchoolRow = MappedRow<'EtabEducNat'>;
export type AgentRow = MappedRow<'PersEducNat'>;
export type PupilRow = MappedRow<'Eleve'>;
export type GuardianRow = MappedRow<'PersRelEleve'>;

export function toSchool(r: AafRecord): SchoolRow {
  const attrs =
    r.op === 'add'
      ? ['name', 'academie']
      : ([has(r, 'ENTStructureNomCourant') && 'name', has(r, 'ENTServAcAcademie') && 'academie'].filter(
          Boolean,
        ) as string[]);
  return {
    op: r.op,
    aafId: r.id,
    uai: (one(r, 'ENTStructureUAI') ?? r.id).toUpperCase(),
    name: one(r, 'ENTStructureNomCourant'),
    academie: one(r, 'ENTServAcAcademie'),
    attrs,
  };
}

export function toAgent(r: AafRecord): AgentRow {
  const attrs =
    r.op === 'add'
      ? ['email', 'last_name', 'first_name', 'schools']
      : ([
          has(r, 'ENTPersonMail') && 'email',
          has(r, 'ENTPersonNom') && 'last_name',
          has(r, 'ENTPersonPrenom') && 'first_name',
          has(r, 'ENTEnsFonctionDir') && 'schools',
        ].filter(Boolean) as string[]);
  return {
    op: r.op,
    aafId: one(r, 'ENTPersonJointure') ?? r.id,
    email: one(r, 'ENTPersonMail')?.toLowerCase() ?? null,
    lastName: one(r, 'ENTPersonNom'),
    firstName: one(r, 'ENTPersonPrenom'),
    dirUais: [
      ...new Set((r.attrs.get('ENTEnsFonctionDir') ?? []).map((v) => firstField(v).toUpperCase()).filter(Boolean)),
    ],
    attrs,
  };
}

export function toPupil(r: AafRecord, warn: (w: Warning) => void): PupilRow {
  const schoolUai = one(r, 'ENTPersonStructRattach')?.toUpperCase() ?? null;
  const classes = (r.attrs.get('ENTPersonClasses') ?? []).map((v) => v.split('$'));
  const cls = classes.find((c) => c[0]?.toUpperCase() === schoolUai) ?? classes[0];
  const levelRaw = one(r, 'ENTEleveNiveau');
  const level = levelRaw ? parseLevel(levelRaw) : null;
  const birthRaw = one(r, 'ENTPersonDateNaissance');
  const birthDate = birthRaw ? parseAafDate(birthRaw) : null;
  const ine = one(r, 'ENTEleveINE');
  if (r.op !== 'delete') {
    if (!ine && (r.op === 'add' || has(r, 'ENTEleveINE'))) warn('eleveSansIne');
    if (!cls && (r.op === 'add' || has(r, 'ENTPersonClasses'))) warn('eleveSansClasse');
    if (levelRaw && !level) warn('niveauInconnu');
    if (birthRaw && !birthDate) warn('dateNaissanceInvalide');
  }
  const attrs =
    r.op === 'add'
      ? ['ine', 'last_name', 'first_name', 'birth_date', 'school', 'class', 'level', 'admitted', 'legal']
      : ([
          has(r, 'ENTEleveINE') && 'ine',
          has(r, 'ENTPersonNom') && 'last_name',
          has(r, 'ENTPersonPrenom') && 'first_name',
          has(r, 'ENTPersonDateNaissance') && 'birth_date',
          has(r, 'ENTPersonStructRattach') && 'school',
          has(r, 'ENTPersonClasses') && 'class',
          has(r, 'ENTEleveNiveau') && 'level',
          has(r, 'ENTEleveAdmission') && 'admitted',
          has(r, 'ENTEleveAutoriteParentale') && 'legal',
        ].filter(Boolean) as string[]);
  return {
    op: r.op,
    aafId: one(r, 'ENTPersonJointure') ?? r.id,
    ine,
    lastName: one(r, 'ENTPersonNom'),
    firstName: one(r, 'ENTPersonPrenom'),
    birthDate,
    schoolUai,
    classUai: cls ? cls[0]?.toUpperCase() || schoolUai : null,
    classAafId: cls ? (cls[3] ?? null) : null,
    classLabel: cls ? (cls[4] ?? cls[3] ?? null) : null,
    level,
    admitted: (one(r, 'ENTEleveAdmission') ?? '').toUpperCase() !== 'PROVISOIRE',
    legalIds: [...new Set((r.attrs.get('ENTEleveAutoriteParentale') ?? []).map(firstField).filter(Boolean))],
    attrs,
  };
}

export function toGuardian(r: AafRecord, warn: (w: Warning) => void): GuardianRow {
  const email = one(r, 'ENTPersonMail');
  const mobileRaw = one(r, 'ENTPersRelEleveTelMobile');
  const mobile = mobileRaw ? normalizeMobile(mobileRaw) : null;
  if (r.op !== 'delete') {
    if (mobileRaw && !mobile) warn('mobileInvalide');
    if (r.op === 'add' && !email && !mobile) warn('responsableSansContact');
  }
  const lastName = one(r, 'ENTPersonNom');
  const firstName = one(r, 'ENTPersonPrenom');
  const attrs =
    r.op === 'add'
      ? ['civility', 'last_name', 'first_name', 'email', 'mobile', 'address', 'pupils']
      : ([
          has(r, 'ENTPersonCivilite') && 'civility',
          has(r, 'ENTPersonNom') && 'last_name',
          has(r, 'ENTPersonPrenom') && 'first_name',
          has(r, 'ENTPersonMail') && 'email',
          has(r, 'ENTPersRelEleveTelMobile') && 'mobile',
          (has(r, 'ENTPersonAdresse') ||
            has(r, 'ENTPersonCodePostal') ||
            has(r, 'ENTPersonVille') ||
            has(r, 'ENTPersonPays')) &&
            'address',
          has(r, 'ENTPersRelEleveEleve') && 'pupils',
        ].filter(Boolean) as string[]);
  return {
    op: r.op,
    aafId: one(r, 'ENTPersonJointure') ?? r.id,
    civility: one(r, 'ENTPersonCivilite'),
    lastName,
    firstName,
    email: email?.toLowerCase() ?? null,
    mobile,
    addressLine: (r.attrs.get('ENTPersonAdresse') ?? []).join(', ') || null,
    postalCode: one(r, 'ENTPersonCodePostal'),
    city: one(r, 'ENTPersonVille'),
    country: one(r, 'ENTPersonPays'),
    pupilIds: [...new Set((r.attrs.get('ENTPersRelEleveEleve') ?? []).map(firstField).filter(Boolean))],
    idBase: lastName || firstName ? identifiantBase(firstName ?? '', lastName ?? '') : null,
    attrs,
  };
}
