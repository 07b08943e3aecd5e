import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { AccountOrigin, AccountState } from '@/lib/generated/prisma/enums';

/**
 * « Responsables » (guide §5.1): one row per eligible pupil × legal guardian with a live account,
 * in one school, filtered, sorted and paged in SQL.
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

const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** The criteria as they travel in the URL (bookmarkable); anything unknown falls back to defaults. */
export const searchCriteria = z.object({
  q: z.string().trim().max(100).catch(''),
  classe: list(z.coerce.number().int().positive()).catch([]),
  etat: list(z.enum(STATES)).catch([]),
  mail: z.enum(['avec', 'sans']).optional().catch(undefined),
  origine: list(z.enum(ORIGINS)).catch([]),
  tri: z.enum(SORTS).catch('eleve'),
  ordre: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type SearchCriteria = z.infer<typeof searchCriteria>;

export interface AccountRow {
  pupilId: number;
  accountId: number;
  eleve: string;
  classe: string;
  responsable: string;
  identifiant: string;
  messagerie: boolean;
  origine: AccountOrigin;
  etat: AccountState;
  distributedAt: Date | null;
  lastLoginAt: Date | null;
}

const ORDER: Record<SortKey, string> = {
  eleve: 'fold_text(p.last_name) %D, fold_text(p.first_name) %D',
  classe: 'fold_text(c.label) %D, c.label %D',
  responsable: 'fold_text(g.last_name) %D, fold_text(g.first_name) %D',
  identifiant: 'a.identifiant %D',
  messagerie: '(coalesce(a.email, g.email) is not null) %D',
  origine: 'a.origin::text %D',
  etat: 'a.state %D',
  distribution: 'a.distributed_at %D NULLS LAST',
  acces: 'a.last_login_at %D NULLS LAST',
};

/** Searches the accounts of `schoolId`. The caller has authorised the school. */
export async function searchAccounts({
  schoolId,
  criteria,
}: {
  schoolId: number;
  criteria: SearchCriteria;
}): Promise<{ rows: AccountRow[]; total: number }> {
  const c = criteria;
  const where: Prisma.Sql[] = [
    Prisma.sql`p.school_id = ${schoolId}`,
    Prisma.sql`p.detached_at is null and p.admitted and p.ine is not null and p.class_id is not null`,
  ];
  if (c.q)
    where.push(Prisma.sql`(fold_text(p.last_name || ' ' || p.first_name) like '%' || fold_text(${c.q}) || '%'
                                  or fold_text(g.last_name || ' ' || g.first_name) like '%' || fold_text(${c.q}) || '%'
                                  or fold_text(p.first_name || ' ' || p.last_name) like '%' || fold_text(${c.q}) || '%'
                                  or fold_text(g.first_name || ' ' || g.last_name) like '%' || fold_text(${c.q}) || '%')`);
  if (c.classe.length) where.push(Prisma.sql`p.class_id in (${Prisma.join(c.classe)})`);
  if (c.etat.length) where.push(Prisma.sql`a.state::text in (${Prisma.join(c.etat)})`);
  if (c.origine.length) where.push(Prisma.sql`a.origin::text in (${Prisma.join(c.origine)})`);
  if (c.mail === 'avec') where.push(Prisma.sql`coalesce(a.email, g.email) is not null`);
  if (c.mail === 'sans') where.push(Prisma.sql`coalesce(a.email, g.email) is null`);
  const dir = c.ordre === 'desc' ? 'DESC' : 'ASC';
  const order = Prisma.raw(
    `${ORDER[c.tri].replaceAll('%D', dir)}, fold_text(p.last_name), fold_text(p.first_name), p.id, fold_text(g.last_name), fold_text(g.first_name), a.id`,
  );
  const rows = await db.$queryRaw<(AccountRow & { total: bigint })[]>`
    select p.id as "pupilId", a.id as "accountId",
           p.last_name || ' ' || p.first_name as eleve, c.label as classe,
           g.last_name || ' ' || g.first_name as responsable, a.identifiant,
           coalesce(a.email, g.email) is not null as messagerie, a.origin as origine, a.state as etat,
           a.distributed_at as "distributedAt", a.last_login_at as "lastLoginAt",
           count(*) over () as total
      from pupil p
      join school_class c on c.id = p.class_id
      join guardian_link l on l.pupil_id = p.id and l.legal
      join guardian g on g.id = l.guardian_id
      join account a on a.id = g.account_id and a.deleted_at is null
     where ${Prisma.join(where, ' and ')}
     order by ${order}
     limit ${PAGE_SIZE} offset ${(c.page - 1) * PAGE_SIZE}`;
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && c.page > 1) {
    // Past the last page: say how many there are all the same.
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`
      select count(*) as n from pupil p join school_class c on c.id = p.class_id
        join guardian_link l on l.pupil_id = p.id and l.legal join guardian g on g.id = l.guardian_id
        join account a on a.id = g.account_id and a.deleted_at is null
       where ${Prisma.join(where, ' and ')}`;
    total = Number(n);
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

/** The classes of the school for the « Classes » criterion. */
export async function schoolClasses({ schoolId }: { schoolId: number }) {
  return db.schoolClass.findMany({
    where: { schoolId, detachedAt: null },
    select: { id: true, label: true },
    orderBy: { label: 'asc' },
  });
}

/** Keeps only (pupil, account) pairs that belong to the school: a selection is never trusted. */
export async function authorisedPairs({
  schoolId,
  pairs,
}: {
  schoolId: number;
  pairs: { pupilId: number; accountId: number }[];
}) {
  if (!pairs.length) return [];
  const rows = await db.$queryRaw<{ pupilId: number; accountId: number }[]>`
    select p.id as "pupilId", a.id as "accountId"
      from unnest(${pairs.map((x) => x.pupilId)}::int[], ${pairs.map((x) => x.accountId)}::int[]) s(pupil_id, account_id)
      join pupil p on p.id = s.pupil_id and p.school_id = ${schoolId} and p.detached_at is null
      join guardian_link l on l.pupil_id = p.id and l.legal
      join guardian g on g.id = l.guardian_id
      join account a on a.id = g.account_id and a.id = s.account_id and a.deleted_at is null`;
  return rows;
}

/** The criteria back into a query string (for sort links, pages, and the way back from an account). */
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

/** Next.js search params (string | string[]) → criteria. */
export function parseCriteria(sp: Record<string, string | string[] | undefined>): {
  searched: boolean;
  criteria: SearchCriteria;
} {
  const criteria = searchCriteria.parse(sp);
  // « avec » and « sans » both ticked means no filter, as when neither is.
  const mail = ([] as (string | undefined)[]).concat(sp.mail);
  if (mail.includes('avec') && mail.includes('sans')) criteria.mail = undefined;
  return { searched: sp.recherche === '1', criteria };
}

/** The way back from an account page (guide §5.1): the previous search re-run, first page. */
export function searchHrefFromQuery(query: string | undefined): string {
  if (!query) return '/admin/responsables';
  const record: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (record[k] ??= []).push(v);
  const single = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  const { searched, criteria } = parseCriteria(single);
  return searched ? `/admin/responsables?${criteriaQuery(criteria, { page: 1 })}` : '/admin/responsables';
}
