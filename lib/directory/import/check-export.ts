/**
 * Phase « check the export »: what is structurally broken refuses the whole export before anything
 * is written — the same identifier or UAI twice means a corrupt or concatenated drop, and no
 * record of the two can be trusted. Each refusal names the file, the line and the problem.
 * Conflicts of single records are set aside instead (set-aside.ts).
 */
import { fileName, refuseIfAny, type ImportContext } from '@/lib/directory/import/context';
import { listedRecords } from '@/lib/directory/import/recognised';

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
  const firstPlace = (r: Record<string, unknown>) => `${fileName(ctx, Number(r.first_file))}, ligne ${r.first_line}`;
  const duplicates = [
    ['stg_school', 'établissement', 'EtabEducNat'],
    ['stg_agent', 'personnel', 'PersEducNat'],
    ['stg_pupil', 'élève', 'Eleve'],
    ['stg_guardian', 'responsable', 'PersRelEleve'],
  ] as const;
  for (const [table, label, category] of duplicates) {
    await refuseIfAny(
      ctx,
      duplicate(`${listedRecords(category, table)} listed`, 'aaf_id'),
      (r) => `identifiant ${label} « ${r.key} » en double (déjà présent : ${firstPlace(r)})`,
    );
  }
  await refuseIfAny(
    ctx,
    duplicate('stg_school', 'uai'),
    (r) => `UAI « ${r.key} » en double (déjà présent : ${firstPlace(r)})`,
  );
}
