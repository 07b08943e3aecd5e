/**
 * The directory import (DESIGN.md §7, guide §1.3.1, §1.4, §1.5): an AAF export becomes schools,
 * classes, pupils, guardians, legal-guardian relations, agents and pre-created accounts.
 *
 * All or nothing: files are streamed into temporary staging tables (COPY) inside ONE transaction,
 * checked (duplicates, references), then merged with set-based SQL. Any refusal rolls everything
 * back. Account data (state, identifiant, passwords, chosen e-mail, FranceConnect link) is never
 * written by an import; what disappears from a full export is detached, never destroyed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { identifiantBase } from '@/lib/accounts/identifiant';
import {
  CATEGORIES,
  classifyFile,
  toAgent,
  toGuardian,
  toPupil,
  toSchool,
  warningLabels,
  type AafCategory,
  type Warning,
} from '@/lib/directory/aaf/aaf-mapping';
import { stageFile, STAGING_COLUMNS, type StageJob } from '@/lib/directory/stage-file';
import { ImportRefused } from '@/lib/directory/errors';

export interface ImportSummary {
  importId: number;
  mode: 'complet' | 'delta';
  files: number;
  ecoles: number;
  eleves: number;
  elevesEligibles: number;
  responsables: number;
  directeurs: number;
  comptesCrees: number;
  comptesMisAJour: number;
  comptesDetaches: number;
  avertissements: Partial<Record<Warning, number>>;
  dureeMs: number;
}

export interface ImportOptions {
  connectionString: string;
  /** Files or folders; folders are read for `*.xml` files. */
  paths: string[];
  /** Forces full or delta; by default the file names say (`_Complet_`). */
  mode?: 'complet' | 'delta';
  progress?: (message: string) => void;
}

/** One import at a time on a database. */
const IMPORT_LOCK = 72707370;

export function listExportFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new ImportRefused(`chemin introuvable : ${p}`);
    if (fs.statSync(p).isDirectory()) {
      for (const f of fs.readdirSync(p).sort()) if (f.toLowerCase().endsWith('.xml')) files.push(path.join(p, f));
    } else files.push(p);
  }
  if (!files.length) throw new ImportRefused(`aucun fichier XML dans ${paths.join(', ')}`);
  return files;
}

const STAGED: Record<AafCategory, string> = {
  EtabEducNat: 'school',
  PersEducNat: 'agent',
  Eleve: 'pupil',
  PersRelEleve: 'guardian',
};

/**
 * Phase 1: every file streamed into its staging table, two files at a time on two worker threads
 * (each with its own connection), largest first; IMPORT_THREADS=0 reads them one at a time in
 * this thread.
 */
async function stageAll(
  jobs: StageJob[],
  progress: (m: string) => void,
): Promise<{ warnings: Partial<Record<Warning, number>> }> {
  const warnings: Partial<Record<Warning, number>> = {};
  const add = (w: Partial<Record<Warning, number>>) => {
    for (const [k, n] of Object.entries(w)) warnings[k as Warning] = (warnings[k as Warning] ?? 0) + (n ?? 0);
  };
  const queue = [...jobs].sort((a, b) => fs.statSync(b.file).size - fs.statSync(a.file).size);
  const parallel = Math.min(Number(process.env.IMPORT_THREADS ?? 2), queue.length);
  if (parallel < 1) {
    for (const job of queue) {
      progress(`lecture de ${path.basename(job.file)}`);
      add((await stageFile(job)).warnings);
    }
    return { warnings };
  }
  const workers = Array.from({ length: parallel }, () => new Worker(new URL('./stage-worker.mjs', import.meta.url)));
  try {
    let failure: Error | null = null;
    await Promise.all(
      workers.map(async (w) => {
        for (let job = queue.shift(); job && !failure; job = queue.shift()) {
          progress(`lecture de ${path.basename(job.file)}`);
          const current = job;
          const answer = await new Promise<{
            ok: boolean;
            message?: string;
            warnings?: Partial<Record<Warning, number>>;
          }>((resolve, reject) => {
            const onError = (e: Error) => reject(e);
            w.once('error', onError);
            w.once('message', (m) => {
              w.off('error', onError);
              resolve(m);
            });
            w.postMessage(current);
          });
          if (!answer.ok) failure ??= new ImportRefused(answer.message ?? 'erreur de lecture');
          else add(answer.warnings ?? {});
        }
      }),
    );
    if (failure) throw failure;
    return { warnings };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function importDirectory(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const progress = opts.progress ?? (() => undefined);
  // Every attempt is recorded, refused ones included (outside the import's own transaction).
  const record = new pg.Client({ connectionString: opts.connectionString });
  await record.connect();
  const {
    rows: [{ id: importId }],
  } = await record.query<{ id: number }>(`insert into directory_import (source) values ($1) returning id`, [
    opts.paths.join(' '),
  ]);
  const client = new pg.Client({ connectionString: opts.connectionString });
  let connected = false;
  const stagingTables: string[] = [];
  const warnings: Partial<Record<Warning, number>> = {};
  try {
    const files = listExportFiles(opts.paths);
    const classified = files.map((f) => {
      const c = classifyFile(path.basename(f));
      if (!c)
        throw new ImportRefused(
          'nom de fichier non reconnu (…_EtabEducNat_0000.xml, …_Eleve_0000.xml, …_PersRelEleve_0000.xml ou …_PersEducNat_0000.xml attendu)',
          path.basename(f),
        );
      return { file: f, ...c };
    });
    const mode =
      opts.mode ?? (classified.every((c) => c.full) ? 'complet' : classified.some((c) => c.full) ? null : 'delta');
    if (!mode)
      throw new ImportRefused(
        "l'export mêle des fichiers complets (_Complet_) et des fichiers delta : importez-les séparément",
      );
    if (mode === 'complet') {
      const missing = CATEGORIES.filter((cat) => !classified.some((c) => c.category === cat));
      if (missing.length) {
        throw new ImportRefused(
          `export complet incomplet : il manque les fichiers ${missing.join(', ')} (un export complet remplace tout ; sans eux, tout serait détaché)`,
        );
      }
    }
    await client.connect();
    connected = true;
    await client.query(`set temp_buffers = '512MB'`);
    await client.query(`set work_mem = '256MB'`);
    await client.query('begin');
    if (!(await client.query('select pg_try_advisory_xact_lock($1) as ok', [IMPORT_LOCK])).rows[0].ok) {
      throw new ImportRefused('un autre import est en cours sur cette base');
    }
    // Staging tables of this import (unlogged, dropped at the end whatever happens), filled by
    // the loaders on their own connections; the merge below reads them through temporary views.
    for (const [category, name] of Object.entries(STAGED)) {
      const table = `import_${importId}_${name}`;
      stagingTables.push(table);
      await record.query(`create unlogged table ${table} (${STAGING_COLUMNS[category as AafCategory]})`);
    }
    const jobs: StageJob[] = classified.map((c, fileIndex) => ({
      connectionString: opts.connectionString,
      file: c.file,
      fileIndex,
      category: c.category,
      table: `import_${importId}_${STAGED[c.category]}`,
    }));
    Object.assign(warnings, (await stageAll(jobs, progress)).warnings);
    for (const name of Object.values(STAGED)) {
      await client.query(`create temp view stg_${name} as select * from import_${importId}_${name}`);
    }
    await client.query(
      Object.values(STAGED)
        .map((n) => `analyze import_${importId}_${n}`)
        .join('; '),
    );

    const fileName = (i: number) => path.basename(classified[i].file);
    const refuse = async (sql: string, message: (row: Record<string, unknown>) => string) => {
      const { rows } = await client.query(sql + ' limit 1');
      if (rows.length) {
        const row = rows[0];
        throw new ImportRefused(message(row), fileName(Number(row.file)), Number(row.line));
      }
    };

    // 2. Checks: the export must be consistent, or nothing is written.
    progress('contrôles de cohérence');
    // Duplicates: a cheap grouping first; the places are looked up only when there is one.
    const duplicate = (table: string, key: string, filter = 'true') =>
      `select ${key} as key, file, line, first_file, first_line from (
         select ${key}, file, line, count(*) over w as n, row_number() over w as rn,
                first_value(file) over w as first_file, first_value(line) over w as first_line
           from ${table} where ${filter} and ${key} in (
             select ${key} from ${table} where ${filter} and ${key} is not null group by ${key} having count(*) > 1 limit 10)
         window w as (partition by ${key} order by file, line)) d
        where n > 1 and rn = 2 order by file, line`;
    const firstPlace = (r: Record<string, unknown>) => `${fileName(Number(r.first_file))}, ligne ${r.first_line}`;
    for (const [table, label] of [
      ['stg_school', 'établissement'],
      ['stg_agent', 'personnel'],
      ['stg_pupil', 'élève'],
      ['stg_guardian', 'responsable'],
    ] as const) {
      await refuse(
        duplicate(table, 'aaf_id'),
        (r) => `identifiant ${label} « ${r.key} » en double (déjà présent : ${firstPlace(r)})`,
      );
    }
    await refuse(duplicate('stg_school', 'uai'), (r) => `UAI « ${r.key} » en double (déjà présent : ${firstPlace(r)})`);
    await refuse(
      duplicate('stg_agent', 'email', "op <> 'delete' and cardinality(dir_uais) > 0"),
      (r) => `adresse électronique de directeur « ${r.key} » en double (déjà présente : ${firstPlace(r)})`,
    );
    await refuse(
      `select s.aaf_id, s.email, s.file, s.line, t.aaf_id as other from stg_agent s join agent t on t.email = s.email and t.aaf_id <> s.aaf_id
        where s.op <> 'delete' and cardinality(s.dir_uais) > 0
          and not exists (select 1 from stg_agent o where o.aaf_id = t.aaf_id and (o.op = 'delete' or ('email' = any(o.attrs) and o.email is distinct from t.email)))
        order by s.file, s.line`,
      (r) =>
        `l'adresse électronique « ${r.email} » du directeur « ${r.aaf_id} » est déjà celle d'un autre personnel (« ${r.other} »)`,
    );
    const schoolKnown = (uaiExpr: string) =>
      mode === 'complet'
        ? `exists (select 1 from stg_school s where s.uai = ${uaiExpr} and s.op <> 'delete')`
        : `(exists (select 1 from stg_school s where s.uai = ${uaiExpr} and s.op <> 'delete') or exists (select 1 from school s where s.uai = ${uaiExpr} and s.detached_at is null and not exists (select 1 from stg_school d where d.uai = ${uaiExpr} and d.op = 'delete')))`;
    const personKnown = (table: 'pupil' | 'guardian', idExpr: string) =>
      mode === 'complet'
        ? `exists (select 1 from stg_${table} s where s.aaf_id = ${idExpr} and s.op <> 'delete')`
        : `(exists (select 1 from stg_${table} s where s.aaf_id = ${idExpr} and s.op <> 'delete') or exists (select 1 from ${table} t where t.aaf_id = ${idExpr} and t.detached_at is null and not exists (select 1 from stg_${table} d where d.aaf_id = ${idExpr} and d.op = 'delete')))`;
    await refuse(
      `select p.aaf_id, p.school_uai, p.file, p.line from stg_pupil p where p.op <> 'delete' and 'school' = any(p.attrs) and p.school_uai is not null and not ${schoolKnown('p.school_uai')} order by p.file, p.line`,
      (r) => `l'élève « ${r.aaf_id} » est rattaché à un établissement inconnu (${r.school_uai})`,
    );
    await refuse(
      `select p.aaf_id, g.id as missing, p.file, p.line from stg_pupil p cross join lateral unnest(p.legal_ids) g(id)
        where p.op <> 'delete' and not ${personKnown('guardian', 'g.id')} order by p.file, p.line`,
      (r) => `l'élève « ${r.aaf_id} » a pour responsable légal « ${r.missing} », absent de l'export`,
    );
    await refuse(
      `select g.aaf_id, e.id as missing, g.file, g.line from stg_guardian g cross join lateral unnest(g.pupil_ids) e(id)
        where g.op <> 'delete' and not ${personKnown('pupil', 'e.id')} order by g.file, g.line`,
      (r) => `le responsable « ${r.aaf_id} » est lié à l'élève « ${r.missing} », absent de l'export`,
    );
    await refuse(
      `select a.aaf_id, u.uai, a.file, a.line from stg_agent a cross join lateral unnest(a.dir_uais) u(uai)
        where a.op <> 'delete' and not ${schoolKnown('u.uai')} order by a.file, a.line`,
      (r) => `le directeur « ${r.aaf_id} » dirige un établissement inconnu (${r.uai})`,
    );
    for (const [table, target, label] of [
      ['stg_pupil', 'pupil', 'élève'],
      ['stg_guardian', 'guardian', 'responsable'],
    ] as const) {
      await refuse(
        `select s.aaf_id, s.file, s.line from ${table} s where s.op = 'modify' and not exists (select 1 from ${target} t where t.aaf_id = s.aaf_id) order by s.file, s.line`,
        (r) => `modification d'un ${label} inconnu (« ${r.aaf_id} »)`,
      );
    }
    await refuse(
      `select s.aaf_id, s.file, s.line from stg_pupil s where s.op <> 'delete' and (s.last_name is null or s.first_name is null) and (s.op = 'add') order by s.file, s.line`,
      (r) => `l'élève « ${r.aaf_id} » n'a pas de nom ou de prénom`,
    );
    await refuse(
      `select s.aaf_id, s.file, s.line from stg_guardian s where s.op = 'add' and (s.last_name is null or s.first_name is null) order by s.file, s.line`,
      (r) => `le responsable « ${r.aaf_id} » n'a pas de nom ou de prénom`,
    );
    await refuse(
      `select s.aaf_id, s.file, s.line from stg_school s where s.op = 'add' and s.name is null order by s.file, s.line`,
      (r) => `l'établissement « ${r.aaf_id} » n'a pas de nom (ENTStructureNomCourant)`,
    );

    // 3. Schools.
    progress('écoles');
    const now = 'now()';
    await client.query(`
      insert into school (uai, name, academie)
      select uai, name, academie from stg_school where op = 'add'
      on conflict (uai) do update set name = excluded.name, academie = excluded.academie, detached_at = null, updated_at = ${now}
      where (school.name, school.academie, school.detached_at) is distinct from (excluded.name, excluded.academie, null)`);
    await client.query(`
      update school t set name = case when 'name' = any(s.attrs) then coalesce(s.name, t.name) else t.name end,
        academie = case when 'academie' = any(s.attrs) then s.academie else t.academie end, detached_at = null, updated_at = ${now}
      from stg_school s where s.op = 'modify' and s.uai = t.uai`);
    await client.query(
      mode === 'complet'
        ? `update school set detached_at = ${now}, updated_at = ${now} where detached_at is null and uai not in (select uai from stg_school where op <> 'delete')`
        : `update school set detached_at = ${now}, updated_at = ${now} where detached_at is null and uai in (select uai from stg_school where op = 'delete')`,
    );

    // 4. Classes (from the pupils' ENTPersonClasses).
    progress('classes');
    await client.query(`
      insert into school_class (school_id, aaf_id, label)
      select distinct on (sc.id, p.class_aaf_id) sc.id, p.class_aaf_id, coalesce(p.class_label, p.class_aaf_id)
        from stg_pupil p join school sc on sc.uai = p.class_uai
       where p.op <> 'delete' and 'class' = any(p.attrs) and p.class_aaf_id is not null
       order by sc.id, p.class_aaf_id, p.file, p.line
      on conflict (school_id, aaf_id) do update set label = excluded.label, detached_at = null, updated_at = ${now}
      where (school_class.label, school_class.detached_at) is distinct from (excluded.label, null)`);

    // Relation lists that differ from what the directory said last time: only their links are rebuilt.
    await client.query(`
      create temp table changed_pupil on commit drop as
      select s.aaf_id from stg_pupil s left join pupil p on p.aaf_id = s.aaf_id
       where s.op <> 'delete' and 'legal' = any(s.attrs) and (p.id is null or p.aaf_legal_ids is distinct from s.legal_ids)`);
    await client.query(`
      create temp table changed_guardian on commit drop as
      select s.aaf_id from stg_guardian s left join guardian g on g.aaf_id = s.aaf_id
       where s.op <> 'delete' and 'pupils' = any(s.attrs) and (g.id is null or g.aaf_pupil_ids is distinct from s.pupil_ids)`);

    // 5. Pupils: update the known ones (only what changed), insert the new ones.
    progress('élèves');
    await client.query(`
      create temp table new_pupil on commit drop as
      select s.aaf_id, s.op, s.attrs,
             s.ine, s.last_name, s.first_name, s.birth_date, sc.id as school_id, cl.id as class_id, s.level, s.admitted, s.legal_ids
        from stg_pupil s
        left join school sc on sc.uai = s.school_uai
        left join school csc on csc.uai = s.class_uai
        left join school_class cl on cl.school_id = csc.id and cl.aaf_id = s.class_aaf_id
       where s.op <> 'delete'`);
    await client.query('analyze new_pupil');
    await client.query(`
      update pupil t set
        ine = case when 'ine' = any(n.attrs) then n.ine else t.ine end,
        last_name = case when 'last_name' = any(n.attrs) then coalesce(n.last_name, t.last_name) else t.last_name end,
        first_name = case when 'first_name' = any(n.attrs) then coalesce(n.first_name, t.first_name) else t.first_name end,
        birth_date = case when 'birth_date' = any(n.attrs) then n.birth_date else t.birth_date end,
        school_id = case when 'school' = any(n.attrs) then n.school_id else t.school_id end,
        class_id = case when 'class' = any(n.attrs) or ('school' = any(n.attrs) and n.school_id is distinct from t.school_id) then n.class_id else t.class_id end,
        level = case when 'level' = any(n.attrs) then n.level else t.level end,
        admitted = case when 'admitted' = any(n.attrs) or n.op = 'add' then n.admitted else t.admitted end,
        aaf_legal_ids = case when 'legal' = any(n.attrs) then n.legal_ids else t.aaf_legal_ids end,
        detached_at = null, updated_at = ${now}
      from new_pupil n
      where n.aaf_id = t.aaf_id and (
        t.detached_at is not null
        or ('ine' = any(n.attrs) and t.ine is distinct from n.ine)
        or ('last_name' = any(n.attrs) and t.last_name is distinct from n.last_name)
        or ('first_name' = any(n.attrs) and t.first_name is distinct from n.first_name)
        or ('birth_date' = any(n.attrs) and t.birth_date is distinct from n.birth_date)
        or ('school' = any(n.attrs) and t.school_id is distinct from n.school_id)
        or (('class' = any(n.attrs) or ('school' = any(n.attrs) and n.school_id is distinct from t.school_id)) and t.class_id is distinct from n.class_id)
        or ('level' = any(n.attrs) and t.level is distinct from n.level)
        or (('admitted' = any(n.attrs) or n.op = 'add') and t.admitted is distinct from n.admitted)
        or ('legal' = any(n.attrs) and t.aaf_legal_ids is distinct from n.legal_ids))`);
    await client.query(`
      insert into pupil (aaf_id, ine, last_name, first_name, birth_date, school_id, class_id, level, admitted, aaf_legal_ids)
      select n.aaf_id, n.ine, n.last_name, n.first_name, n.birth_date, n.school_id, n.class_id, n.level, n.admitted, n.legal_ids
        from new_pupil n where n.op = 'add' and not exists (select 1 from pupil t where t.aaf_id = n.aaf_id)`);

    // 6. Guardians, the same way.
    progress('responsables');
    const guardianUpdate = await client.query(`
      update guardian t set
        civility = case when 'civility' = any(s.attrs) then s.civility else t.civility end,
        last_name = case when 'last_name' = any(s.attrs) then coalesce(s.last_name, t.last_name) else t.last_name end,
        first_name = case when 'first_name' = any(s.attrs) then coalesce(s.first_name, t.first_name) else t.first_name end,
        email = case when 'email' = any(s.attrs) then s.email else t.email end,
        mobile = case when 'mobile' = any(s.attrs) then s.mobile else t.mobile end,
        address_line = case when 'address' = any(s.attrs) then s.address_line else t.address_line end,
        postal_code = case when 'address' = any(s.attrs) then s.postal_code else t.postal_code end,
        city = case when 'address' = any(s.attrs) then s.city else t.city end,
        country = case when 'address' = any(s.attrs) then s.country else t.country end,
        aaf_pupil_ids = case when 'pupils' = any(s.attrs) then s.pupil_ids else t.aaf_pupil_ids end,
        detached_at = null, updated_at = ${now}
      from stg_guardian s
      where s.op <> 'delete' and s.aaf_id = t.aaf_id and (
        t.detached_at is not null
        or ('civility' = any(s.attrs) and t.civility is distinct from s.civility)
        or ('last_name' = any(s.attrs) and t.last_name is distinct from s.last_name)
        or ('first_name' = any(s.attrs) and t.first_name is distinct from s.first_name)
        or ('email' = any(s.attrs) and t.email is distinct from s.email)
        or ('mobile' = any(s.attrs) and t.mobile is distinct from s.mobile)
        or ('address' = any(s.attrs) and (t.address_line, t.postal_code, t.city, t.country) is distinct from (s.address_line, s.postal_code, s.city, s.country))
        or ('pupils' = any(s.attrs) and t.aaf_pupil_ids is distinct from s.pupil_ids))
      returning t.account_id, (t.civility, t.last_name, t.first_name, t.email, t.mobile, t.address_line, t.postal_code, t.city, t.country) is distinct from
        (select (o.civility, o.last_name, o.first_name, o.email, o.mobile, o.address_line, o.postal_code, o.city, o.country) from guardian o where o.id = t.id) as contact_changed`);
    const comptesMisAJour = guardianUpdate.rows.filter((r) => r.account_id !== null && r.contact_changed).length;
    await client.query(`
      insert into guardian (aaf_id, civility, last_name, first_name, email, mobile, address_line, postal_code, city, country, aaf_pupil_ids)
      select s.aaf_id, s.civility, s.last_name, s.first_name, s.email, s.mobile, s.address_line, s.postal_code, s.city, s.country, s.pupil_ids
        from stg_guardian s where s.op = 'add' and not exists (select 1 from guardian t where t.aaf_id = s.aaf_id)`);

    // Fresh statistics for the planner: the tables may have just grown from nothing.
    await client.query('analyze school_class; analyze pupil; analyze guardian');

    // 7. Detach what a full export no longer lists, or what a delta deletes.
    progress('détachements');
    const absent = (stg: string, target: string) =>
      mode === 'complet'
        ? `${target}.detached_at is null and not exists (select 1 from ${stg} s where s.aaf_id = ${target}.aaf_id and s.op <> 'delete')`
        : `${target}.detached_at is null and exists (select 1 from ${stg} s where s.aaf_id = ${target}.aaf_id and s.op = 'delete')`;
    await client.query(
      `update pupil set detached_at = ${now}, school_id = null, class_id = null, updated_at = ${now} where ${absent('stg_pupil', 'pupil')}`,
    );
    const detachedGuardians = await client.query(
      `update guardian set detached_at = ${now}, updated_at = ${now} where ${absent('stg_guardian', 'guardian')} returning account_id`,
    );
    const comptesDetaches = detachedGuardians.rows.filter((r) => r.account_id !== null).length;
    await client.query(`
      update school_class c set detached_at = ${now}, updated_at = ${now}
       where c.detached_at is null and c.school_id in (select sc.id from school sc join stg_school s on s.uai = sc.uai)
         and not exists (select 1 from pupil p where p.class_id = c.id and p.detached_at is null)`);

    // 8. Relations: legal ones belong to the pupil's record (ENTEleveAutoriteParentale), contacts
    //    to the guardian's (ENTPersRelEleveEleve). Only what differs is written.
    progress('liens élèves-responsables');
    await client.query(`
      create temp table want_link on commit drop as
      select pupil_id, guardian_id, bool_or(legal) as legal from (
        select p.id as pupil_id, g.id as guardian_id, true as legal
          from changed_pupil c join pupil p on p.aaf_id = c.aaf_id
          cross join lateral unnest(p.aaf_legal_ids) l(id) join guardian g on g.aaf_id = l.id
        union all
        select p.id, g.id, false
          from changed_guardian c join guardian g on g.aaf_id = c.aaf_id
          cross join lateral unnest(g.aaf_pupil_ids) e(id) join pupil p on p.aaf_id = e.id
      ) x group by pupil_id, guardian_id`);
    await client.query('analyze want_link');
    // A guardian no longer legal for a changed pupil stays a contact when their own record lists the pupil.
    await client.query(`
      update guardian_link l set legal = false
        from changed_pupil c join pupil p on p.aaf_id = c.aaf_id, guardian g
       where l.pupil_id = p.id and l.guardian_id = g.id and l.legal and p.aaf_id = any(g.aaf_pupil_ids)
         and not exists (select 1 from want_link w where w.pupil_id = l.pupil_id and w.guardian_id = l.guardian_id and w.legal)`);
    await client.query(`
      delete from guardian_link l using changed_pupil c join pupil p on p.aaf_id = c.aaf_id
       where l.pupil_id = p.id and l.legal
         and not exists (select 1 from want_link w where w.pupil_id = l.pupil_id and w.guardian_id = l.guardian_id and w.legal)`);
    await client.query(`
      delete from guardian_link l using changed_guardian c join guardian g on g.aaf_id = c.aaf_id
       where l.guardian_id = g.id and not l.legal
         and not exists (select 1 from want_link w where w.pupil_id = l.pupil_id and w.guardian_id = l.guardian_id)`);
    // Legal comes from the pupil's record: a contact pair never downgrades a legal link.
    await client.query(`
      insert into guardian_link (pupil_id, guardian_id, legal) select pupil_id, guardian_id, legal from want_link order by pupil_id, guardian_id
      on conflict (pupil_id, guardian_id) do update set legal = true where excluded.legal and not guardian_link.legal`);

    await client.query('analyze guardian_link');

    // 9. Accounts: every legal guardian of an eligible pupil (guide §1.3.1) without one gets one.
    progress('comptes');
    await client.query(`
      create temp table new_account on commit drop as
      select g.id as guardian_id, s.id_base as base, g.first_name, g.last_name, null::text as identifiant, 0::bigint as rn
        from guardian g left join stg_guardian s on s.aaf_id = g.aaf_id
       where g.account_id is null and g.detached_at is null
         and exists (select 1 from guardian_link l join pupil p on p.id = l.pupil_id
                      where l.guardian_id = g.id and l.legal and p.admitted and p.ine is not null
                        and p.class_id is not null and p.school_id is not null and p.detached_at is null)`);
    await client.query('analyze new_account');
    const { rows: unbased } = await client.query<{ guardian_id: number; first_name: string; last_name: string }>(
      'select guardian_id, first_name, last_name from new_account where base is null',
    );
    for (const u of unbased) {
      await client.query('update new_account set base = $2 where guardian_id = $1', [
        u.guardian_id,
        identifiantBase(u.first_name, u.last_name),
      ]);
    }
    await client.query(`
      update new_account n set rn = r.rn from (
        select guardian_id, row_number() over (partition by base order by guardian_id) as rn from new_account) r
      where r.guardian_id = n.guardian_id`);
    await client.query(`
      with k as (select base, count(*) as k from new_account group by base),
      c as (
        insert into identifiant_counter (base, last) select base, k - 1 from k
        on conflict (base) do update set last = identifiant_counter.last + excluded.last + 1
        returning base, last)
      update new_account n set identifiant = case when c.last - k.k + n.rn = 0 then n.base else n.base || (c.last - k.k + n.rn)::text end
        from c join k on k.base = c.base where n.base = c.base`);
    const created = await client.query(`
      with a as (insert into account (identifiant) select identifiant from new_account order by guardian_id returning id, identifiant)
      update guardian g set account_id = a.id from a join new_account n on n.identifiant = a.identifiant where g.id = n.guardian_id`);
    const comptesCrees = created.rowCount ?? 0;

    // 10. Agents who direct schools (ENTEnsFonctionDir) and their schools.
    progress('directeurs');
    await client.query(`
      insert into agent (aaf_id, email, last_name, first_name)
      select aaf_id, email, coalesce(last_name, ''), coalesce(first_name, '') from stg_agent
       where op = 'add' and email is not null and cardinality(dir_uais) > 0
      on conflict (aaf_id) do update set email = excluded.email, last_name = excluded.last_name, first_name = excluded.first_name,
        detached_at = null, updated_at = ${now}
      where (agent.email, agent.last_name, agent.first_name, agent.detached_at) is distinct from (excluded.email, excluded.last_name, excluded.first_name, null)`);
    await client.query(`
      update agent t set email = case when 'email' = any(s.attrs) and s.email is not null then s.email else t.email end,
        last_name = case when 'last_name' = any(s.attrs) then coalesce(s.last_name, t.last_name) else t.last_name end,
        first_name = case when 'first_name' = any(s.attrs) then coalesce(s.first_name, t.first_name) else t.first_name end,
        detached_at = null, updated_at = ${now}
      from stg_agent s where s.op = 'modify' and s.aaf_id = t.aaf_id`);
    await client.query(`
      delete from agent_school x using agent a, stg_agent s
       where x.agent_id = a.id and a.aaf_id = s.aaf_id and (s.op = 'delete' or 'schools' = any(s.attrs))
         and not exists (select 1 from stg_agent w cross join lateral unnest(w.dir_uais) u(uai) join school sc on sc.uai = u.uai
                          where w.aaf_id = a.aaf_id and w.op <> 'delete' and sc.id = x.school_id)`);
    await client.query(`
      insert into agent_school (agent_id, school_id)
      select a.id, sc.id from stg_agent s cross join lateral unnest(s.dir_uais) u(uai)
        join agent a on a.aaf_id = s.aaf_id join school sc on sc.uai = u.uai
       where s.op <> 'delete' and 'schools' = any(s.attrs)
      on conflict do nothing`);
    const agentsGone =
      mode === 'complet'
        ? `a.detached_at is null and not exists (select 1 from stg_agent s where s.aaf_id = a.aaf_id and s.op <> 'delete' and cardinality(s.dir_uais) > 0)`
        : `a.detached_at is null and exists (select 1 from stg_agent s where s.aaf_id = a.aaf_id and s.op = 'delete')`;
    await client.query(`delete from agent_school x using agent a where x.agent_id = a.id and ${agentsGone}`);
    await client.query(`update agent a set detached_at = ${now}, updated_at = ${now} where ${agentsGone}`);

    // 11. Figures.
    const {
      rows: [figures],
    } = await client.query(`
      select (select count(*) from stg_school where op <> 'delete')::int as ecoles,
             (select count(*) from stg_pupil where op <> 'delete')::int as eleves,
             (select count(*) from pupil p join stg_pupil s on s.aaf_id = p.aaf_id
               where s.op <> 'delete' and p.admitted and p.ine is not null and p.class_id is not null and p.school_id is not null and p.detached_at is null)::int as eleves_eligibles,
             (select count(*) from stg_guardian where op <> 'delete')::int as responsables,
             (select count(*) from stg_agent where op <> 'delete' and cardinality(dir_uais) > 0)::int as directeurs`);
    const summary: ImportSummary = {
      importId,
      mode,
      files: files.length,
      ecoles: figures.ecoles,
      eleves: figures.eleves,
      elevesEligibles: figures.eleves_eligibles,
      responsables: figures.responsables,
      directeurs: figures.directeurs,
      comptesCrees,
      comptesMisAJour,
      comptesDetaches,
      avertissements: warnings,
      dureeMs: 0,
    };
    progress('validation de la transaction');
    await client.query('commit');
    summary.dureeMs = Date.now() - started;
    await record.query(
      `update directory_import set finished_at = now(), outcome = 'SUCCEEDED', counts = $2 where id = $1`,
      [importId, JSON.stringify(summary)],
    );
    return summary;
  } catch (e) {
    if (connected) await client.query('rollback').catch(() => undefined);
    const message = e instanceof ImportRefused ? e.message : `erreur inattendue : ${(e as Error).message}`;
    await record
      .query(`update directory_import set finished_at = now(), outcome = 'FAILED', error = $2 where id = $1`, [
        importId,
        message,
      ])
      .catch(() => undefined);
    throw e instanceof ImportRefused ? e : new ImportRefused(message);
  } finally {
    if (connected) await client.end().catch(() => undefined);
    for (const t of stagingTables) await record.query(`drop table if exists ${t}`).catch(() => undefined);
    await record.end().catch(() => undefined);
  }
}

export function formatSummary(s: ImportSummary): string {
  const lines = [
    `Import ${s.mode} n° ${s.importId} terminé en ${(s.dureeMs / 1000).toFixed(1)} s (${s.files} fichier(s)).`,
    `  écoles : ${s.ecoles}`,
    `  élèves : ${s.eleves} (dont éligibles : ${s.elevesEligibles})`,
    `  responsables : ${s.responsables}`,
    `  directeurs : ${s.directeurs}`,
    `  comptes créés : ${s.comptesCrees}, mis à jour : ${s.comptesMisAJour}, détachés : ${s.comptesDetaches}`,
  ];
  const w = Object.entries(s.avertissements);
  lines.push(
    w.length
      ? `  avertissements : ${w.map(([k, n]) => `${warningLabels[k as Warning]} ${n}`).join(', ')}`
      : '  avertissements : aucun',
  );
  return lines.join('\n');
}
