import type { AccountOrigin, AccountState } from '@/lib/generated/prisma/enums';

/**
 * The criteria of « Responsables » (guide §5.1) as plain values, for the server's search
 * (search-accounts.ts) and for the form that shows them, drawn in the browser too.
 */
export const STATES = [
  'NON_NOTIFIE',
  'NOTIFIE_NON_ACTIVE',
  'EN_COURS_ACTIVATION',
  'ACTIVE',
] as const satisfies readonly AccountState[];
export const ORIGINS = [
  'ETABLISSEMENT',
  'RESPONSABLE',
  'FRANCECONNECT',
  'NON_RENSEIGNE',
] as const satisfies readonly AccountOrigin[];
export const SORTS = [
  'eleve',
  'classe',
  'responsable',
  'identifiant',
  'messagerie',
  'origine',
  'etat',
  'distribution',
  'acces',
] as const;
export type SortKey = (typeof SORTS)[number];
export const PAGE_SIZE = 50;
export const SEARCH_TEXT_MAX = 100;

/** The search criteria; an empty list means « all » (every box ticked, guide §5.1). */
export interface SearchCriteria {
  q: string;
  classe: number[];
  etat: AccountState[];
  mail?: 'avec' | 'sans';
  origine: AccountOrigin[];
  tri: SortKey;
  ordre: 'asc' | 'desc';
  page: number;
}
