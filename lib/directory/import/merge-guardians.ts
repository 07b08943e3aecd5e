/**
 * Phase « merge guardians »: as the pupils — known ones updated where their record differs, new
 * ones inserted, with their account when they will need one. Counts the accounts whose
 * guardian's contact details changed, and remembers which guardians' pupil lists changed
 * (merge-links.ts).
 */
import { analyzeWhereGrown, type ImportContext } from '@/lib/directory/import/context';
import { insertAccounts } from '@/lib/directory/import/create-accounts';
import { rememberChangedLists, withChangedList } from '@/lib/directory/import/merge-links';
import { mergedColumns, partialUpdate } from '@/lib/directory/import/staging';

/**
 * The accounts of the guardians new in this export (`newGuardians`: aaf_id, id_base, file, line) who will be
 * legal guardians of an eligible pupil once the links are merged, created before the guardians are
 * inserted so that each row is written once (create-accounts.ts says why). A new guardian's legal
 * links can only come from the pupils whose legal-guardian list changed (merge-links.ts builds legal
 * links from them alone), and those pupils are already merged: the rule of create-accounts.ts,
 * decided earlier. Identifiants are numbered in the order of the files. The temporary table
 * new_guardian_account (key = aaf_id, account_id) says whose account is which.
 */
function accountsForNewGuardians({ client, bulkLoad }: ImportContext, newGuardians: string): Promise<number> {
  return insertAccounts(client, {
    table: 'new_guardian_account',
    source: `
      select s.aaf_id as key, s.id_base as base, s.file, s.line
        from ${newGuardians} s
       where s.aaf_id in (select l.id from ${withChangedList(bulkLoad, 'eligible_pupil', 'p')}
                          cross join lateral unnest(p.aaf_legal_ids) l(id))`,
    order: 'file, line',
  });
}

export async function mergeGuardians(ctx: ImportContext): Promise<{ comptesMisAJour: number; comptesCrees: number }> {
  const { client, progress, bulkLoad } = ctx;
  await rememberChangedLists(ctx, 'PersRelEleve');

  progress('responsables');
  const columns = mergedColumns('PersRelEleve');
  const { set, changed } = partialUpdate(columns);
  const contact = columns.filter((m) => m.attr !== 'pupils').map((m) => m.target);
  const updated = await client.query<{ account_id: number | null; contact_changed: boolean }>(`
    update guardian t set
        ${set},
        aaf_fingerprint = s.fingerprint, aaf_warnings = s.warnings, detached_at = null, updated_at = now()
      from stg_guardian s
     where s.op <> 'delete' and s.aaf_id = t.aaf_id
       and (t.detached_at is not null or ${changed} or t.aaf_fingerprint is distinct from s.fingerprint)
    returning t.account_id, (${contact.map((c) => `t.${c}`).join(', ')}) is distinct from
      (select (${contact.map((c) => `o.${c}`).join(', ')}) from guardian o where o.id = t.id) as contact_changed`);
  let comptesCrees: number;
  let fresh: string;
  if (bulkLoad) {
    // Into an empty directory (bulk-load.ts) every added record is new: they are read from the staged
    // rows, without the temporary table below nor a join with it (1.3 s for the 915,000 guardians of a
    // first import).
    comptesCrees = await accountsForNewGuardians(ctx, `(select * from stg_guardian where op = 'add')`);
    fresh = `stg_guardian s left join new_guardian_account n on n.key = s.aaf_id where s.op = 'add'`;
  } else {
    // The guardians new in this export (aaf_id, id_base, file, line), found once and counted, so that the
    // planner knows how many it joins (estimated as one row, the insert matched them against their
    // accounts by a nested loop: 1.8 s for the 4,000 of a 2 % delta).
    await client.query(`
      create temp table new_guardian on commit drop as
      select s.aaf_id, s.id_base, s.file, s.line from stg_guardian s
       where s.op = 'add' and not exists (select 1 from guardian t where t.aaf_id = s.aaf_id)`);
    await client.query('analyze new_guardian');
    comptesCrees = await accountsForNewGuardians(ctx, 'new_guardian');
    fresh = `stg_guardian s join new_guardian k on k.aaf_id = s.aaf_id
             left join new_guardian_account n on n.key = s.aaf_id`;
  }
  await client.query(`
    insert into guardian (aaf_id, ${columns.map((m) => m.target).join(', ')}, account_id, aaf_fingerprint, aaf_warnings)
    select s.aaf_id, ${columns.map((m) => `s.${m.source}`).join(', ')}, n.account_id, s.fingerprint, s.warnings
      from ${fresh}`);
  // Fresh statistics for the planner, when the table grew.
  await analyzeWhereGrown(client, ['guardian']);
  return {
    comptesMisAJour: updated.rows.filter((r) => r.account_id !== null && r.contact_changed).length,
    comptesCrees,
  };
}
