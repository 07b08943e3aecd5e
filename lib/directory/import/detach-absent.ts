/**
 * Phase « detach »: what a full export no longer lists, or what a delta deletes, is detached —
 * never destroyed (an activated account keeps its identifiant and password, DESIGN.md §7).
 */
import type { ImportContext } from '@/lib/directory/import/context';
import { notListedInExport } from '@/lib/directory/import/recognised';
import { notSetAside } from '@/lib/directory/import/set-aside';

export async function detachAbsent({ client, mode, progress }: ImportContext): Promise<{ comptesDetaches: number }> {
  progress('détachements');
  // A record set aside keeps its previous state: not detached, though no longer staged.
  const absent = (stg: string, target: string, category: 'Eleve' | 'PersRelEleve') =>
    mode === 'complet'
      ? `${target}.detached_at is null and ${notListedInExport(category, target)}
         and ${notSetAside(category, `${target}.aaf_id`)}`
      : `${target}.detached_at is null
         and exists (select 1 from ${stg} s where s.aaf_id = ${target}.aaf_id and s.op = 'delete')`;
  await client.query(`
    update pupil set detached_at = now(), school_id = null, class_id = null, aaf_fingerprint = null, updated_at = now()
     where ${absent('stg_pupil', 'pupil', 'Eleve')}`);
  const guardians = await client.query<{ account_id: number | null }>(`
    update guardian set detached_at = now(), aaf_fingerprint = null, updated_at = now()
     where ${absent('stg_guardian', 'guardian', 'PersRelEleve')}
    returning account_id`);
  await client.query(`
    update school_class c set detached_at = now(), updated_at = now()
     where c.detached_at is null and c.school_id in (select sc.id from school sc join stg_school s on s.uai = sc.uai)
       and not exists (select 1 from pupil p where p.class_id = c.id and p.detached_at is null)`);
  return { comptesDetaches: guardians.rows.filter((r) => r.account_id !== null).length };
}
