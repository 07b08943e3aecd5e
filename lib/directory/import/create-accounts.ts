/**
 * Phase « create accounts »: every legal guardian of an eligible pupil (guide §1.3.1, the view
 * eligible_pupil) without an account gets one, « Non notifié » / « Non renseigné », with an
 * identifiant by DESIGN.md §6 from the per-base counter (never reused).
 */
import { identifiantBase } from '@/lib/accounts/identifiant';
import type { ImportContext } from '@/lib/directory/import/context';

export async function createAccounts({ client, progress }: ImportContext): Promise<{ comptesCrees: number }> {
  progress('comptes');
  await client.query(`
    create temp table new_account on commit drop as
    select g.id as guardian_id, s.id_base as base, g.first_name, g.last_name, null::text as identifiant, 0::bigint as rn
      from guardian g left join stg_guardian s on s.aaf_id = g.aaf_id
     where g.account_id is null and g.detached_at is null
       and exists (select 1 from guardian_link l join eligible_pupil p on p.id = l.pupil_id
                    where l.guardian_id = g.id and l.legal)`);
  await client.query('analyze new_account');
  // Guardians not in this export (a delta) have no staged base: computed here.
  const { rows: unbased } = await client.query<{ guardian_id: number; first_name: string; last_name: string }>(
    'select guardian_id, first_name, last_name from new_account where base is null',
  );
  for (const u of unbased) {
    await client.query('update new_account set base = $2 where guardian_id = $1', [
      u.guardian_id,
      identifiantBase(u.first_name, u.last_name),
    ]);
  }
  await client.query(`
    update new_account n set rn = r.rn from (
      select guardian_id, row_number() over (partition by base order by guardian_id) as rn from new_account) r
    where r.guardian_id = n.guardian_id`);
  await client.query(`
    with k as (select base, count(*) as k from new_account group by base),
    c as (
      insert into identifiant_counter (base, last) select base, k - 1 from k
      on conflict (base) do update set last = identifiant_counter.last + excluded.last + 1
      returning base, last)
    update new_account n
       set identifiant = case when c.last - k.k + n.rn = 0 then n.base else n.base || (c.last - k.k + n.rn)::text end
      from c join k on k.base = c.base where n.base = c.base`);
  const created = await client.query(`
    with a as (insert into account (identifiant) select identifiant from new_account order by guardian_id
               returning id, identifiant)
    update guardian g set account_id = a.id from a join new_account n on n.identifiant = a.identifiant
     where g.id = n.guardian_id`);
  return { comptesCrees: created.rowCount ?? 0 };
}
