/**
 * Phase « create accounts »: every legal guardian of an eligible pupil (guide §1.3.1, the view
 * eligible_pupil) without an account gets one, « Non notifié » / « Non renseigné », with an
 * identifiant by DESIGN.md §6 from the per-base counter (never reused).
 *
 * A guardian new in this export gets its account as it is inserted (merge-guardians.ts): writing
 * account_id into a million fresh guardian rows afterwards rewrote each row and its indexes, the
 * largest cost of a first import (docs/BENCHMARKS.md). This phase gives accounts to the others:
 * known guardians who became legal guardians of an eligible pupil, and those whose account was
 * purged.
 */
import type pg from 'pg';
import { identifiantBase } from '@/lib/accounts/identifiant';
import type { ImportContext } from '@/lib/directory/import/context';

/**
 * Creates one account per row of `source` (a query with the columns `key`, unique, and `base`,
 * the identifiant's base, plus what `order` sorts on): identifiants numbered within their base in
 * that order after the numbers the base already used, account ids drawn from the account
 * sequence. The temporary table `table` (key, identifiant, account_id) says which is whose.
 * Written with CREATE TABLE AS only: rewriting rows of a large temporary table is slow.
 */
export async function insertAccounts(
  client: pg.Client,
  { table, source, order }: { table: string; source: string; order: string },
): Promise<number> {
  await client.query(`
    create temp table ${table}_numbered on commit drop as
    select key, base, row_number() over (partition by base order by ${order}) as rn from (${source}) s`);
  await client.query(`analyze ${table}_numbered`);
  await client.query(`create temp table ${table}_counter (base text, k bigint, last bigint) on commit drop`);
  await client.query(`
    with k as (select base, count(*) as k from ${table}_numbered group by base),
    c as (
      insert into identifiant_counter (base, last) select base, k - 1 from k
      on conflict (base) do update set last = identifiant_counter.last + excluded.last + 1
      returning base, last)
    insert into ${table}_counter select c.base, k.k, c.last from c join k on k.base = c.base`);
  await client.query(`analyze ${table}_counter`);
  // The sequence's name read once: pg_get_serial_sequence() in the statement ran for every row.
  const { rows } = await client.query<{ seq: string }>(`select pg_get_serial_sequence('account', 'id') as seq`);
  await client.query(`
    create temp table ${table} on commit drop as
    select n.key,
           case when c.last - c.k + n.rn = 0 then n.base else n.base || (c.last - c.k + n.rn)::text end as identifiant,
           nextval(${client.escapeLiteral(rows[0].seq)}::regclass)::int as account_id
      from ${table}_numbered n join ${table}_counter c on c.base = n.base`);
  // Counted for the planner: the next statement of the caller joins it.
  await client.query(`analyze ${table}`);
  const created = await client.query(
    `insert into account (id, identifiant) select account_id, identifiant from ${table} order by account_id`,
  );
  return created.rowCount ?? 0;
}

export async function createAccounts({ client, progress }: ImportContext): Promise<{ comptesCrees: number }> {
  progress('comptes');
  // Guardian by guardian through the links' index (LIMIT 1 keeps it a lookup): the guardians
  // without an account are mostly contacts who are nobody's legal guardian (a tenth of them), and a
  // semi-join hashed every legal link of the directory for them (0.7 → 0.4 s at 4,000 schools).
  await client.query(`
    create temp table new_account on commit drop as
    select g.id as guardian_id, s.id_base as base, g.first_name, g.last_name
      from guardian g left join stg_guardian s on s.aaf_id = g.aaf_id
     cross join lateral (select 1 from guardian_link l join eligible_pupil p on p.id = l.pupil_id
                          where l.guardian_id = g.id and l.legal limit 1) legal
     where g.account_id is null and g.detached_at is null`);
  // Guardians not in this export (a delta) have no staged base: computed here.
  const { rows: unbased } = await client.query<{ guardian_id: number; first_name: string; last_name: string }>(
    'select guardian_id, first_name, last_name from new_account where base is null',
  );
  if (unbased.length) {
    // One statement for all of them, not one round trip each.
    await client.query(
      `update new_account n set base = u.base from unnest($1::int[], $2::text[]) u(id, base) where guardian_id = u.id`,
      [unbased.map((u) => u.guardian_id), unbased.map((u) => identifiantBase(u.first_name, u.last_name))],
    );
  }
  const comptesCrees = await insertAccounts(client, {
    table: 'created_account',
    source: 'select guardian_id as key, base from new_account',
    order: 'key',
  });
  await client.query(`update guardian g set account_id = n.account_id from created_account n where g.id = n.key`);
  return { comptesCrees };
}
