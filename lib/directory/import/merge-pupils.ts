/**
 * Phase « merge pupils »: the known ones updated (only the attributes their record carries, only
 * what differs; with the record's fingerprint, which a delta clears), the new ones inserted.
 * Remembers which pupils' legal-guardian lists changed, so that only their links are rebuilt
 * (merge-links.ts).
 */
import type pg from 'pg';
import { analyzeWhereGrown, type ImportContext } from '@/lib/directory/import/context';
import { rememberChangedLists } from '@/lib/directory/import/merge-links';
import { mergedColumns, partialUpdate, type MergedColumn } from '@/lib/directory/import/staging';

export async function mergePupils(ctx: ImportContext): Promise<void> {
  const { client, progress, bulkLoad } = ctx;
  await rememberChangedLists(ctx, 'Eleve');

  progress('élèves');
  const columns = mergedColumns('Eleve');
  // The staged rows with their school and class resolved to ids.
  const resolved = `
    select s.aaf_id, s.op, s.attrs, ${columns.map((m) => `s.${m.source}`).join(', ')}, s.admitted,
           s.fingerprint, s.warnings, sc.id as school_id, cl.id as class_id
      from stg_pupil s
      left join school sc on sc.uai = s.school_uai
      left join school csc on csc.uai = s.class_uai
      left join school_class cl on cl.school_id = csc.id and cl.aaf_id = s.class_aaf_id
     where s.op <> 'delete'`;
  if (bulkLoad) {
    // An empty directory (bulk-load.ts): every added record is new and none is updated, so the rows go
    // in straight from the staged ones (the temporary table cost 1 s of a first import).
    await insertPupils(client, columns, `(${resolved}) s where s.op = 'add'`);
  } else {
    await updateThenInsert(client, columns, resolved);
  }
  // Fresh statistics for the planner before the guardians' phase joins pupils, when the tables grew.
  await analyzeWhereGrown(client, ['school_class', 'pupil']);
}

/** The pupils of `from` (rows `s` of resolved staged pupils) inserted. */
function insertPupils(client: pg.Client, columns: MergedColumn[], from: string) {
  return client.query(`
    insert into pupil (aaf_id, ${columns.map((m) => m.target).join(', ')}, school_id, class_id, admitted,
                       aaf_fingerprint, aaf_warnings)
    select s.aaf_id, ${columns.map((m) => `s.${m.source}`).join(', ')}, s.school_id, s.class_id, s.admitted,
           s.fingerprint, s.warnings
      from ${from}`);
}

/** The known pupils updated from `resolved` (only what differs), then the new ones inserted. */
async function updateThenInsert(client: pg.Client, columns: MergedColumn[], resolved: string): Promise<void> {
  await client.query(`create temp table new_pupil on commit drop as ${resolved}`);
  await client.query('analyze new_pupil');
  const { set, changed } = partialUpdate(columns);
  // A pupil who changes school changes class with it; an added record always says whether admitted.
  const movesClass = `('class' = any(s.attrs) or ('school' = any(s.attrs) and s.school_id is distinct
    from t.school_id))`;
  const saysAdmitted = `('admitted' = any(s.attrs) or s.op = 'add')`;
  await client.query(`
    update pupil t set
        ${set},
        school_id = case when 'school' = any(s.attrs) then s.school_id else t.school_id end,
        class_id = case when ${movesClass} then s.class_id else t.class_id end,
        admitted = case when ${saysAdmitted} then s.admitted else t.admitted end,
        aaf_fingerprint = s.fingerprint, aaf_warnings = s.warnings, detached_at = null, updated_at = now()
      from new_pupil s
     where s.aaf_id = t.aaf_id and (
        t.detached_at is not null
        or ${changed}
        or ('school' = any(s.attrs) and t.school_id is distinct from s.school_id)
        or (${movesClass} and t.class_id is distinct from s.class_id)
        or (${saysAdmitted} and t.admitted is distinct from s.admitted)
        or t.aaf_fingerprint is distinct from s.fingerprint)`);
  await insertPupils(
    client,
    columns,
    `new_pupil s where s.op = 'add' and not exists (select 1 from pupil t where t.aaf_id = s.aaf_id)`,
  );
}
