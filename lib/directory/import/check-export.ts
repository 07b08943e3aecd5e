/**
 * Phase « check the export »: the staged export must be consistent, or nothing is written.
 * Each refusal names the file, the line and the problem.
 */
import { fileName, refuseIfAny, type ImportContext } from '@/lib/directory/import/context';

/** Duplicates: a cheap grouping first; the places are looked up only when there is one. */
const duplicate = (table: string, key: string, filter = 'true') =>
  `select ${key} as key, file, line, first_file, first_line from (
     select ${key}, file, line, count(*) over w as n, row_number() over w as rn,
            first_value(file) over w as first_file, first_value(line) over w as first_line
       from ${table} where ${filter} and ${key} in (
         select ${key} from ${table} where ${filter} and ${key} is not null
           group by ${key} having count(*) > 1 limit 10)
     window w as (partition by ${key} order by file, line)) d
    where n > 1 and rn = 2 order by file, line`;

export async function checkExport(ctx: ImportContext): Promise<void> {
  ctx.progress('contrôles de cohérence');
  const complete = ctx.mode === 'complet';
  const firstPlace = (r: Record<string, unknown>) => `${fileName(ctx, Number(r.first_file))}, ligne ${r.first_line}`;
  const duplicates = [
    ['stg_school', 'établissement'],
    ['stg_agent', 'personnel'],
    ['stg_pupil', 'élève'],
    ['stg_guardian', 'responsable'],
  ] as const;
  for (const [table, label] of duplicates) {
    await refuseIfAny(
      ctx,
      duplicate(table, 'aaf_id'),
      (r) => `identifiant ${label} « ${r.key} » en double (déjà présent : ${firstPlace(r)})`,
    );
  }
  await refuseIfAny(
    ctx,
    duplicate('stg_school', 'uai'),
    (r) => `UAI « ${r.key} » en double (déjà présent : ${firstPlace(r)})`,
  );
  await refuseIfAny(
    ctx,
    duplicate('stg_agent', 'email', "op <> 'delete' and cardinality(dir_uais) > 0"),
    (r) => `adresse électronique de directeur « ${r.key} » en double (déjà présente : ${firstPlace(r)})`,
  );
  await refuseIfAny(
    ctx,
    `select s.aaf_id, s.email, s.file, s.line, t.aaf_id as other
       from stg_agent s join agent t on t.email = s.email and t.aaf_id <> s.aaf_id
      where s.op <> 'delete' and cardinality(s.dir_uais) > 0
        and not exists (select 1 from stg_agent o where o.aaf_id = t.aaf_id
                         and (o.op = 'delete' or ('email' = any(o.attrs) and o.email is distinct from t.email)))
      order by s.file, s.line`,
    (r) =>
      `l'adresse électronique « ${r.email} » du directeur « ${r.aaf_id} » est déjà celle d'un autre personnel ` +
      `(« ${r.other} »)`,
  );
  // A reference is known when the export lists it — or, for a delta, when the base has it and the delta keeps it.
  const schoolKnown = (uai: string) => {
    const staged = `exists (select 1 from stg_school s where s.uai = ${uai} and s.op <> 'delete')`;
    if (complete) return staged;
    return `(${staged} or exists (select 1 from school s where s.uai = ${uai} and s.detached_at is null
      and not exists (select 1 from stg_school d where d.uai = ${uai} and d.op = 'delete')))`;
  };
  const personKnown = (table: 'pupil' | 'guardian', id: string) => {
    const staged = `exists (select 1 from stg_${table} s where s.aaf_id = ${id} and s.op <> 'delete')`;
    if (complete) return staged;
    return `(${staged} or exists (select 1 from ${table} t where t.aaf_id = ${id} and t.detached_at is null
      and not exists (select 1 from stg_${table} d where d.aaf_id = ${id} and d.op = 'delete')))`;
  };
  await refuseIfAny(
    ctx,
    `select p.aaf_id, p.school_uai, p.file, p.line from stg_pupil p
      where p.op <> 'delete' and 'school' = any(p.attrs) and p.school_uai is not null
        and not ${schoolKnown('p.school_uai')} order by p.file, p.line`,
    (r) => `l'élève « ${r.aaf_id} » est rattaché à un établissement inconnu (${r.school_uai})`,
  );
  await refuseIfAny(
    ctx,
    `select p.aaf_id, g.id as missing, p.file, p.line from stg_pupil p cross join lateral unnest(p.legal_ids) g(id)
      where p.op <> 'delete' and not ${personKnown('guardian', 'g.id')} order by p.file, p.line`,
    (r) => `l'élève « ${r.aaf_id} » a pour responsable légal « ${r.missing} », absent de l'export`,
  );
  await refuseIfAny(
    ctx,
    `select g.aaf_id, e.id as missing, g.file, g.line from stg_guardian g cross join lateral unnest(g.pupil_ids) e(id)
      where g.op <> 'delete' and not ${personKnown('pupil', 'e.id')} order by g.file, g.line`,
    (r) => `le responsable « ${r.aaf_id} » est lié à l'élève « ${r.missing} », absent de l'export`,
  );
  await refuseIfAny(
    ctx,
    `select a.aaf_id, u.uai, a.file, a.line from stg_agent a cross join lateral unnest(a.dir_uais) u(uai)
      where a.op <> 'delete' and not ${schoolKnown('u.uai')} order by a.file, a.line`,
    (r) => `le directeur « ${r.aaf_id} » dirige un établissement inconnu (${r.uai})`,
  );
  for (const [table, target, label] of [
    ['stg_pupil', 'pupil', 'élève'],
    ['stg_guardian', 'guardian', 'responsable'],
  ] as const) {
    await refuseIfAny(
      ctx,
      `select s.aaf_id, s.file, s.line from ${table} s
        where s.op = 'modify' and not exists (select 1 from ${target} t where t.aaf_id = s.aaf_id)
        order by s.file, s.line`,
      (r) => `modification d'un ${label} inconnu (« ${r.aaf_id} »)`,
    );
  }
  await refuseIfAny(
    ctx,
    `select s.aaf_id, s.file, s.line from stg_pupil s
      where s.op = 'add' and (s.last_name is null or s.first_name is null) order by s.file, s.line`,
    (r) => `l'élève « ${r.aaf_id} » n'a pas de nom ou de prénom`,
  );
  await refuseIfAny(
    ctx,
    `select s.aaf_id, s.file, s.line from stg_guardian s
      where s.op = 'add' and (s.last_name is null or s.first_name is null) order by s.file, s.line`,
    (r) => `le responsable « ${r.aaf_id} » n'a pas de nom ou de prénom`,
  );
  await refuseIfAny(
    ctx,
    `select s.aaf_id, s.file, s.line from stg_school s where s.op = 'add' and s.name is null order by s.file, s.line`,
    (r) => `l'établissement « ${r.aaf_id} » n'a pas de nom (ENTStructureNomCourant)`,
  );
}
