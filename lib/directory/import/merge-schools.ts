/** Phase « merge schools and classes »: schools from EtabEducNat, classes from the pupils' ENTPersonClasses. */
import type { ImportContext } from '@/lib/directory/import/context';
import { notSetAside } from '@/lib/directory/import/set-aside';

export async function mergeSchools({ client, mode, progress }: ImportContext): Promise<void> {
  progress('écoles');
  await client.query(`
    insert into school (uai, name, academie)
    select uai, name, academie from stg_school where op = 'add'
    on conflict (uai) do update set name = excluded.name, academie = excluded.academie, detached_at = null,
      updated_at = now()
    where (school.name, school.academie, school.detached_at) is distinct from (excluded.name, excluded.academie,
      null)`);
  await client.query(`
    update school t set name = case when 'name' = any(s.attrs) then coalesce(s.name, t.name) else t.name end,
      academie = case when 'academie' = any(s.attrs) then s.academie else t.academie end,
      detached_at = null, updated_at = now()
    from stg_school s where s.op = 'modify' and s.uai = t.uai`);
  await client.query(
    mode === 'complet'
      ? `update school set detached_at = now(), updated_at = now()
          where detached_at is null and uai not in (select uai from stg_school where op <> 'delete')
            and ${notSetAside('EtabEducNat', 'school.uai')}`
      : `update school set detached_at = now(), updated_at = now()
          where detached_at is null and uai in (select uai from stg_school where op = 'delete')`,
  );

  progress('classes');
  await client.query(`
    insert into school_class (school_id, aaf_id, label)
    select distinct on (sc.id, p.class_aaf_id) sc.id, p.class_aaf_id, coalesce(p.class_label, p.class_aaf_id)
      from stg_pupil p join school sc on sc.uai = p.class_uai
     where p.op <> 'delete' and 'class' = any(p.attrs) and p.class_aaf_id is not null
     order by sc.id, p.class_aaf_id, p.file, p.line
    on conflict (school_id, aaf_id) do update set label = excluded.label, detached_at = null, updated_at = now()
    where (school_class.label, school_class.detached_at) is distinct from (excluded.label, null)`);
}
