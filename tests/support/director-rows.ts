/**
 * `director_row` is kept by PostgreSQL's triggers (migration 20261129070000_director_row). Tests
 * that change the directory check it against the definition recomputed from the source tables.
 */
const DEFINITION = `
  select p.id as pupil_id, g.id as guardian_id, p.school_id, p.class_id, p.level, p.last_name as pupil_last_name,
         p.first_name as pupil_first_name, p.birth_date as pupil_birth_date, p.last_name_key as pupil_last_key,
         p.first_name_key as pupil_first_key, g.last_name as guardian_last_name, g.first_name as guardian_first_name,
         g.last_name_key as guardian_last_key, g.first_name_key as guardian_first_key, g.email as guardian_email,
         g.mobile as guardian_mobile, g.account_id
    from pupil p
    join guardian_link l on l.pupil_id = p.id and l.legal
    join guardian g on g.id = l.guardian_id and g.detached_at is null
    join account a on a.id = g.account_id and a.deleted_at is null
   where p.detached_at is null and p.admitted and p.ine is not null and p.class_id is not null
     and p.school_id is not null`;
const KEPT = `
  select pupil_id, guardian_id, school_id, class_id, level, pupil_last_name, pupil_first_name, pupil_birth_date,
         pupil_last_key, pupil_first_key, guardian_last_name, guardian_first_name, guardian_last_key,
         guardian_first_key, guardian_email, guardian_mobile, account_id
    from director_row`;

/**
 * The rows missing from director_row and those it holds wrongly (both empty when in step), with the count.
 * One query after the other: `run` may be one pg client, which takes one query at a time.
 */
export async function directorRowsOutOfStep(run: (sql: string) => Promise<unknown[]>) {
  const missing = await run(`${DEFINITION} except ${KEPT}`);
  const extra = await run(`${KEPT} except ${DEFINITION}`);
  const [count] = await run('select count(*)::int as n from director_row');
  return { missing, extra, rows: (count as { n: number }).n };
}
