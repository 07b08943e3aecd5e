/**
 * Phase « merge links »: legal relations belong to the pupil's record (ENTEleveAutoriteParentale),
 * contacts to the guardian's (ENTPersRelEleveEleve). Only the lists that changed are rebuilt,
 * and only what differs is written.
 */
import { analyzeWhereGrown, type ImportContext } from '@/lib/directory/import/context';
import { mergedColumns, STAGING } from '@/lib/directory/import/staging';

/**
 * Before pupils (or guardians) are merged: the records whose relation list differs from what the
 * directory said last time (`changed_pupil`, `changed_guardian`). Only their links are rebuilt. Into
 * an empty directory every list is new: nothing to remember (`withChangedList`).
 */
export async function rememberChangedLists(
  { client, bulkLoad }: ImportContext,
  category: 'Eleve' | 'PersRelEleve',
): Promise<void> {
  if (bulkLoad) return;
  const list = mergedColumns(category).find((m) => m.attr === (category === 'Eleve' ? 'legal' : 'pupils'))!;
  const table = STAGING[category].table;
  await client.query(`
    create temp table changed_${table} on commit drop as
    select s.aaf_id from stg_${table} s left join ${table} t on t.aaf_id = s.aaf_id
     where s.op <> 'delete' and '${list.attr}' = any(s.attrs)
       and (t.id is null or t.${list.target} is distinct from s.${list.source})`);
  await client.query(`analyze changed_${table}`);
}

/**
 * SQL: the rows `alias` of `relation` (pupil or eligible_pupil for pupils, guardian for guardians) whose
 * relation list changed in this export. Into an empty directory (bulk-load.ts) that is every row: each
 * was just written from the export, and a record without its list has an empty one.
 */
export function withChangedList(
  bulkLoad: boolean | undefined,
  relation: 'pupil' | 'eligible_pupil' | 'guardian',
  alias: string,
): string {
  const changed = relation === 'guardian' ? 'changed_guardian' : 'changed_pupil';
  return bulkLoad ? `${relation} ${alias}` : `${changed} c join ${relation} ${alias} on ${alias}.aaf_id = c.aaf_id`;
}

/**
 * The links the changed lists ask for: one row per (pupil_id, guardian_id), `legal` when the pupil's
 * record says so.
 */
const wantedLinks = (bulkLoad: boolean | undefined) => `
    select pupil_id, guardian_id, bool_or(legal) as legal from (
      select p.id as pupil_id, g.id as guardian_id, true as legal
        from ${withChangedList(bulkLoad, 'pupil', 'p')}
        cross join lateral unnest(p.aaf_legal_ids) l(id) join guardian g on g.aaf_id = l.id
      union all
      select p.id, g.id, false
        from ${withChangedList(bulkLoad, 'guardian', 'g')}
        cross join lateral unnest(g.aaf_pupil_ids) e(id) join pupil p on p.aaf_id = e.id
    ) x group by pupil_id, guardian_id`;

export async function mergeLinks({ client, progress, bulkLoad }: ImportContext): Promise<void> {
  progress('liens élèves-responsables');
  if (bulkLoad) {
    // An empty directory: every wanted link is new and nothing is left to correct; written once,
    // without a key to check meanwhile (bulk-load.ts builds it afterwards).
    await client.query(`insert into guardian_link (pupil_id, guardian_id, legal) ${wantedLinks(true)}`);
    await analyzeWhereGrown(client, ['guardian_link']);
    return;
  }
  await client.query(`create temp table want_link on commit drop as ${wantedLinks(false)}`);
  await client.query('analyze want_link');
  // A guardian no longer legal for a changed pupil stays a contact when their own record lists the pupil.
  await client.query(`
    update guardian_link l set legal = false
      from changed_pupil c join pupil p on p.aaf_id = c.aaf_id, guardian g
     where l.pupil_id = p.id and l.guardian_id = g.id and l.legal and p.aaf_id = any(g.aaf_pupil_ids)
       and not exists (select 1 from want_link w
                        where w.pupil_id = l.pupil_id and w.guardian_id = l.guardian_id and w.legal)`);
  await client.query(`
    delete from guardian_link l using changed_pupil c join pupil p on p.aaf_id = c.aaf_id
     where l.pupil_id = p.id and l.legal
       and not exists (select 1 from want_link w
                        where w.pupil_id = l.pupil_id and w.guardian_id = l.guardian_id and w.legal)`);
  await client.query(`
    delete from guardian_link l using changed_guardian c join guardian g on g.aaf_id = c.aaf_id
     where l.guardian_id = g.id and not l.legal
       and not exists (select 1 from want_link w where w.pupil_id = l.pupil_id and w.guardian_id = l.guardian_id)`);
  // Legal comes from the pupil's record: a contact pair never downgrades a legal link.
  await client.query(`
    insert into guardian_link (pupil_id, guardian_id, legal)
    select pupil_id, guardian_id, legal from want_link order by pupil_id, guardian_id
    on conflict (pupil_id, guardian_id) do update set legal = true where excluded.legal and not guardian_link.legal`);
  await analyzeWhereGrown(client, ['guardian_link']);
}
