/**
 * Phase « merge guardians »: as the pupils — known ones updated where their record differs, new
 * ones inserted. Counts the accounts whose guardian's contact details changed, and remembers
 * which guardians' pupil lists changed (merge-links.ts).
 */
import type { ImportContext } from '@/lib/directory/import/context';
import { rememberChangedLists } from '@/lib/directory/import/merge-links';
import { mergedColumns, partialUpdate } from '@/lib/directory/import/staging';

export async function mergeGuardians({ client, progress }: ImportContext): Promise<{ comptesMisAJour: number }> {
  await rememberChangedLists(client, 'PersRelEleve');

  progress('responsables');
  const columns = mergedColumns('PersRelEleve');
  const { set, changed } = partialUpdate(columns);
  const contact = columns.filter((m) => m.attr !== 'pupils').map((m) => m.target);
  const updated = await client.query<{ account_id: number | null; contact_changed: boolean }>(`
    update guardian t set
        ${set},
        detached_at = null, updated_at = now()
      from stg_guardian s
     where s.op <> 'delete' and s.aaf_id = t.aaf_id and (t.detached_at is not null or ${changed})
    returning t.account_id, (${contact.map((c) => `t.${c}`).join(', ')}) is distinct from
      (select (${contact.map((c) => `o.${c}`).join(', ')}) from guardian o where o.id = t.id) as contact_changed`);
  await client.query(`
    insert into guardian (aaf_id, ${columns.map((m) => m.target).join(', ')})
    select s.aaf_id, ${columns.map((m) => `s.${m.source}`).join(', ')}
      from stg_guardian s where s.op = 'add' and not exists (select 1 from guardian t where t.aaf_id = s.aaf_id)`);
  // Fresh statistics for the planner: the tables may have just grown from nothing.
  await client.query('analyze school_class; analyze pupil; analyze guardian');
  return { comptesMisAJour: updated.rows.filter((r) => r.account_id !== null && r.contact_changed).length };
}
