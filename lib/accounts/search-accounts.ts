/**
 * « Responsables » (guide §5.1): the rows of the director scope of one school, filtered, sorted
 * and paged in SQL. How criteria travel in the URL belongs to the route, not here.
 */
import 'server-only';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { AccountOrigin, AccountState } from '@/lib/generated/prisma/enums';
import { ORIGINS, PAGE_SIZE, STATES, type SearchCriteria, type SortKey } from '@/lib/accounts/search-criteria';

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

// Names sort by their folded keys (fold_text, kept by PostgreSQL in generated columns): « Élodie »
// between « Eloise » and « Emma », whatever the accents and the case.
const ORDER: Record<SortKey, string> = {
  eleve: 's.pupil_last_key %D, s.pupil_first_key %D',
  classe: 'c.label_key %D, c.label %D',
  responsable: 's.guardian_last_key %D, s.guardian_first_key %D',
  identifiant: 's.identifiant %D',
  messagerie: '(coalesce(s.account_email, s.guardian_email) is not null) %D',
  origine: 's.origin::text %D',
  etat: 's.state %D',
  distribution: 's.distributed_at %D NULLS LAST',
  acces: 's.last_login_at %D NULLS LAST',
};
const TIE_BREAK =
  's.pupil_last_key, s.pupil_first_key, s.pupil_id, s.guardian_last_key, s.guardian_first_key, s.account_id';

/** Every value ticked is the same search as none ticked (state and origin are never empty). */
const narrows = (ticked: readonly string[], all: readonly string[]) =>
  ticked.length > 0 && new Set(ticked).size < all.length;

/**
 * Whether the search reads the account of every row (its state, origin, e-mail, dates or identifiant,
 * to filter or sort on them). Otherwise the stored rows of the school (director_row, migration
 * 20261129070000) are enough to filter, sort and count, and only the page's 50 accounts are read.
 */
function readsEveryAccount(c: SearchCriteria): boolean {
  return (
    !['eleve', 'classe', 'responsable'].includes(c.tri) ||
    narrows(c.etat, STATES) ||
    narrows(c.origine, ORIGINS) ||
    c.mail !== undefined
  );
}

function filters(schoolId: number, c: SearchCriteria): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`s.school_id = ${schoolId}`];
  if (c.q) {
    // « Nom Prénom » or « Prénom Nom » of the pupil or of the guardian, folded (keys of the view).
    const like = (a: string, b: string) =>
      Prisma.sql`(${Prisma.raw(`s.${a} || ' ' || s.${b}`)}) like '%' || fold_text(${c.q}) || '%'`;
    where.push(
      Prisma.sql`(${like('pupil_last_key', 'pupil_first_key')} or ${like('guardian_last_key', 'guardian_first_key')}
        or ${like('pupil_first_key', 'pupil_last_key')} or ${like('guardian_first_key', 'guardian_last_key')})`,
    );
  }
  if (c.classe.length) where.push(Prisma.sql`s.class_id in (${Prisma.join(c.classe)})`);
  if (narrows(c.etat, STATES)) where.push(Prisma.sql`s.state::text in (${Prisma.join(c.etat)})`);
  if (narrows(c.origine, ORIGINS)) where.push(Prisma.sql`s.origin::text in (${Prisma.join(c.origine)})`);
  if (c.mail === 'avec') where.push(Prisma.sql`coalesce(s.account_email, s.guardian_email) is not null`);
  if (c.mail === 'sans') where.push(Prisma.sql`coalesce(s.account_email, s.guardian_email) is null`);
  return Prisma.join(where, ' and ');
}

/** Searches the accounts of `schoolId`. The caller has authorised the school (requireSchool). */
export async function searchAccounts({
  schoolId,
  criteria: c,
}: {
  schoolId: number;
  criteria: SearchCriteria;
}): Promise<{ rows: AccountRow[]; total: number }> {
  const where = filters(schoolId, c);
  const dir = c.ordre === 'desc' ? 'DESC' : 'ASC';
  const order = `${ORDER[c.tri].replaceAll('%D', dir)}, ${TIE_BREAK}`;
  const limit = Prisma.sql`limit ${PAGE_SIZE} offset ${(c.page - 1) * PAGE_SIZE}`;
  const rows = readsEveryAccount(c)
    ? await db.$queryRaw<(AccountRow & { total: bigint })[]>`
    select s.pupil_id as "pupilId", s.account_id as "accountId",
           s.pupil_last_name || ' ' || s.pupil_first_name as eleve, c.label as classe,
           s.guardian_last_name || ' ' || s.guardian_first_name as responsable, s.identifiant,
           coalesce(s.account_email, s.guardian_email) is not null as messagerie, s.origin as origine,
           s.state as etat, s.distributed_at as "distributedAt", s.last_login_at as "lastLoginAt",
           count(*) over () as total
      from director_scope s
      join school_class c on c.id = s.class_id and c.school_id = ${schoolId}
     where ${where}
     order by ${Prisma.raw(order)} ${limit}`
    : // The page's rows and the total from the stored rows alone, then their 50 accounts (`p` is the
      // page: the same order, its columns renamed from s. and c.).
      await db.$queryRaw<(AccountRow & { total: bigint })[]>`
    select p.pupil_id as "pupilId", p.account_id as "accountId",
           p.pupil_last_name || ' ' || p.pupil_first_name as eleve, p.label as classe,
           p.guardian_last_name || ' ' || p.guardian_first_name as responsable, a.identifiant,
           coalesce(a.email, p.guardian_email) is not null as messagerie, a.origin as origine,
           a.state as etat, a.distributed_at as "distributedAt", a.last_login_at as "lastLoginAt", p.total
      from (select s.pupil_id, s.account_id, s.pupil_last_name, s.pupil_first_name, s.guardian_last_name,
                   s.guardian_first_name, s.guardian_email, s.pupil_last_key, s.pupil_first_key,
                   s.guardian_last_key, s.guardian_first_key, c.label, c.label_key, count(*) over () as total
              from director_row s
              join school_class c on c.id = s.class_id and c.school_id = ${schoolId}
             where ${where}
             order by ${Prisma.raw(order)} ${limit}) p
      join account a on a.id = p.account_id
     order by ${Prisma.raw(order.replace(/\b[sc]\./g, 'p.'))}`;
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && c.page > 1) {
    // Past the last page: say how many there are all the same.
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`select count(*) as n from director_scope s where ${where}`;
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

export interface SelectedRow {
  pupilId: number;
  accountId: number;
}

/** Keeps only the selected (pupil, account) rows that are in the school's scope: a selection is never trusted. */
export async function rowsInScope({ schoolId, rows, tx = db }: { schoolId: number; rows: SelectedRow[]; tx?: Tx }) {
  if (!rows.length) return [];
  return tx.$queryRaw<SelectedRow[]>`
    select s.pupil_id as "pupilId", s.account_id as "accountId"
      from director_scope s
      join unnest(${rows.map((x) => x.pupilId)}::int[], ${rows.map((x) => x.accountId)}::int[]) r(pupil_id, account_id)
        on r.pupil_id = s.pupil_id and r.account_id = s.account_id
     where s.school_id = ${schoolId}`;
}

/**
 * Rows of the school's scope, optionally of one account (an account page acts through them), one
 * class (by label) and some states (the operator's selection).
 */
export async function scopeRows({
  schoolId,
  accountId,
  classLabel,
  states,
}: {
  schoolId: number;
  accountId?: number;
  classLabel?: string;
  states?: AccountState[];
}): Promise<SelectedRow[]> {
  return db.$queryRaw<SelectedRow[]>`
    select s.pupil_id as "pupilId", s.account_id as "accountId"
      from director_scope s join school_class c on c.id = s.class_id
     where s.school_id = ${schoolId}
       and (${accountId ?? null}::int is null or s.account_id = ${accountId ?? null})
       and (${classLabel ?? null}::text is null or c.label = ${classLabel ?? null})
       and (${states ?? null}::text[] is null or s.state::text = any(${states ?? null}::text[]))`;
}
