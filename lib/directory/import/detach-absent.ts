/**
 * Phase « detach »: what a full export no longer lists, or what a delta deletes, is detached —
 * never destroyed (an activated account keeps its identifiant and password, DESIGN.md §7).
 */
import type { ImportContext } from '@/lib/directory/import/context';
import { notListedInExport } from '@/lib/directory/import/recognised';
import { notSetAside } from '@/lib/directory/import/set-aside';

/**
 * The pupils and guardians that a full export no longer lists (neither staged nor recognised by
 * their fingerprint) and that were not set aside: the temporary tables departing_pupil (id,
 * school_id, ends_primary: the pupil was in CM2, the last year of the first degree) and
 * departing_guardian (id), found once after the merges, for the guard that counts them
 * (detachment-guard.ts) and for the detachments. A delta names its departures instead.
 */
export async function findDepartures({ client, mode, progress, bulkLoad }: ImportContext): Promise<void> {
  if (mode !== 'complet') return;
  progress('contrôle des détachements');
  if (bulkLoad) {
    // An empty directory (bulk-load.ts): every row was written by this export, nothing departs.
    await client.query(`create temp table departing_pupil (id int, school_id int, ends_primary boolean) on commit drop;
                        create temp table departing_guardian (id int) on commit drop`);
    return;
  }
  // A record set aside keeps its previous state: not detached, though no longer staged.
  await client.query(`
    create temp table departing_pupil on commit drop as
    select p.id, p.school_id, p.level is not distinct from 'CM2' as ends_primary from pupil p
     where p.detached_at is null and ${notListedInExport('Eleve', 'p')} and ${notSetAside('Eleve', 'p.aaf_id')}`);
  await client.query(`
    create temp table departing_guardian on commit drop as
    select g.id from guardian g
     where g.detached_at is null and ${notListedInExport('PersRelEleve', 'g')}
       and ${notSetAside('PersRelEleve', 'g.aaf_id')}`);
  await client.query('analyze departing_pupil; analyze departing_guardian');
}

/** Detaches the departures of findDepartures (a full export), or what a delta deletes. */
export async function detachAbsent({ client, mode, progress }: ImportContext): Promise<{ comptesDetaches: number }> {
  progress('détachements');
  const absent = (target: 'pupil' | 'guardian') =>
    mode === 'complet'
      ? `${target}.id in (select id from departing_${target})`
      : `exists (select 1 from stg_${target} s where s.aaf_id = ${target}.aaf_id and s.op = 'delete')`;
  await client.query(`
    update pupil set detached_at = now(), school_id = null, class_id = null, aaf_fingerprint = null, updated_at = now()
     where pupil.detached_at is null and ${absent('pupil')}`);
  const guardians = await client.query<{ account_id: number | null }>(`
    update guardian set detached_at = now(), aaf_fingerprint = null, updated_at = now()
     where guardian.detached_at is null and ${absent('guardian')}
    returning account_id`);
  await client.query(`
    update school_class c set detached_at = now(), updated_at = now()
     where c.detached_at is null and c.school_id in (select sc.id from school sc join stg_school s on s.uai = sc.uai)
       and not exists (select 1 from pupil p where p.class_id = c.id and p.detached_at is null)`);
  return { comptesDetaches: guardians.rows.filter((r) => r.account_id !== null).length };
}
