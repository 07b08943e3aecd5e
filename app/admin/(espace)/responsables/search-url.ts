import { z } from 'zod';
import { ORIGINS, SEARCH_TEXT_MAX, SORTS, STATES, type SearchCriteria } from '@/lib/accounts/search-criteria';
import { formList } from '@/app/_lib/form';

/**
 * How « Responsables » keeps its criteria in the URL (bookmarkable; the way back from an
 * account re-runs the search). `recherche=1` says a search was asked for (guide §5.1: the tab
 * opens with default criteria and no result). Anything unknown falls back to the default.
 */
const urlCriteria = z.object({
  // Control characters (a NUL byte cannot reach PostgreSQL) are dropped; the length is checked below.
  q: z
    .string()
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
    .catch(''),
  classe: formList(z.coerce.number().int().positive()).catch([]),
  etat: formList(z.enum(STATES)).catch([]),
  mail: z.enum(['avec', 'sans']).optional().catch(undefined),
  origine: formList(z.enum(ORIGINS)).catch([]),
  tri: z.enum(SORTS).catch('eleve'),
  ordre: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type SearchParams = Record<string, string | string[] | undefined>;

export const TEXT_TOO_LONG = `Le texte cherché est trop long : ${SEARCH_TEXT_MAX} caractères au plus.`;

/**
 * Next.js search params → criteria. A text over the limit is not searched (nor silently ignored):
 * `problem` says so, and the form shows it on the field.
 */
export function parseCriteria(sp: SearchParams): { searched: boolean; criteria: SearchCriteria; problem?: string } {
  const criteria: SearchCriteria = urlCriteria.parse(sp);
  if (criteria.q.length > SEARCH_TEXT_MAX) {
    return {
      searched: false,
      criteria: { ...criteria, q: criteria.q.slice(0, SEARCH_TEXT_MAX) },
      problem: TEXT_TOO_LONG,
    };
  }
  // « avec » and « sans » both ticked means no filter, as when neither is.
  const mail = ([] as (string | undefined)[]).concat(sp.mail);
  if (mail.includes('avec') && mail.includes('sans')) criteria.mail = undefined;
  return { searched: sp.recherche === '1', criteria };
}

/** The criteria back into a query string (sort links, pages, the way back from an account). */
export function criteriaQuery(c: SearchCriteria, override: Partial<SearchCriteria> = {}): string {
  const v = { ...c, ...override };
  const p = new URLSearchParams({ recherche: '1' });
  if (v.q) p.set('q', v.q);
  for (const x of v.classe) p.append('classe', String(x));
  for (const x of v.etat) p.append('etat', x);
  if (v.mail) p.set('mail', v.mail);
  for (const x of v.origine) p.append('origine', x);
  if (v.tri !== 'eleve') p.set('tri', v.tri);
  if (v.ordre !== 'asc') p.set('ordre', v.ordre);
  if (v.page > 1) p.set('page', String(v.page));
  return p.toString();
}

export const searchHref = (c: SearchCriteria, override: Partial<SearchCriteria> = {}) =>
  `/admin/responsables?${criteriaQuery(c, override)}`;

/** The way back from an account page (guide §5.1): the previous search re-run, first page. */
export function searchHrefFromQuery(query: string | undefined): string {
  if (!query) return '/admin/responsables';
  const record: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (record[k] ??= []).push(v);
  const single = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  const { searched, criteria } = parseCriteria(single);
  return searched ? searchHref(criteria, { page: 1 }) : '/admin/responsables';
}
