/**
 * Phase « set aside » (issue « Hardening », item 1): one bad record must not block an académie's
 * night. A record in conflict with the rest of the export or with the base — a pupil in an
 * unknown school or class, a relation to a person nobody lists, two directors with one e-mail, a
 * modification of an unknown person, a new record without a name — is taken out of the staged
 * export: it keeps its previous state (never merged, never detached), and the import report lists
 * it with its file, line and reason. Taking a record out can leave another one pointing at
 * nothing (a new pupil set aside, and the guardian who lists him): rounds run until none is left.
 * Above a share of the export (IMPORT_SET_ASIDE_MAX_PERCENT, default 1 %) the export is refused as
 * a whole: that many conflicts mean a broken export, not a few bad records.
 * What is structurally broken (XML, encoding, a missing file type, the same identifier twice) is
 * refused before this phase (check-export.ts).
 */
import { envNumber } from '@/lib/config/env-number';
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import { fileName, type ImportContext } from '@/lib/directory/import/context';
import { importRefused } from '@/lib/directory/import/errors';
import { SEEN } from '@/lib/directory/import/recognised';

export interface SetAsideRecord {
  file: string;
  line: number;
  category: AafCategory;
  /** The record's identifier (ENTPersonJointure; the UAI for a school). */
  aafId: string;
  reason: string;
}

/** IMPORT_SET_ASIDE_MAX_PERCENT (default 1): the share of the export's records that may be set aside. */
export const setAsideMaxShare = (env: NodeJS.ProcessEnv = process.env) =>
  envNumber(env, 'IMPORT_SET_ASIDE_MAX_PERCENT', 1, { max: 100, decimal: true }) / 100;

/** Each staged view, the category of its records and the key other records refer to it by. */
const VIEWS = {
  EtabEducNat: { view: 'stg_school', key: 'uai', base: 'school' },
  PersEducNat: { view: 'stg_agent', key: 'aaf_id', base: 'agent' },
  Eleve: { view: 'stg_pupil', key: 'aaf_id', base: 'pupil' },
  PersRelEleve: { view: 'stg_guardian', key: 'aaf_id', base: 'guardian' },
} as const satisfies Record<AafCategory, { view: string; key: string; base: string }>;

/** SQL: the record of `category` whose key is `key` was not set aside by this import. */
export const notSetAside = (category: AafCategory, key: string) =>
  `not exists (select 1 from set_aside aside where aside.category = '${category}' and aside.key = ${key})`;

/** SQL: a French sentence with `%s` filled by SQL expressions (PostgreSQL's format). */
const say = (sentence: string, ...values: string[]) =>
  `format('${sentence.replaceAll("'", "''")}', ${values.join(', ')})`;

interface Conflict {
  category: AafCategory;
  /** A select over the view aliased `s` (its rows in conflict), giving the column `reason`. */
  sql: string;
}

/**
 * SQL: the references of `select` (rows with aaf_id, file, line and what they point at) as a subquery
 * planned on its own (OFFSET 0 keeps PostgreSQL from merging it into the query around), so that the
 * anti-joins that look for unknown targets come after it. Their estimates can be far off — an export
 * where every pupil changed (a rentrée) is read whole, and what is estimated as one unknown pupil
 * is 1.3 million references to pupils staged rather than recognised — and the planner, merging
 * everything, had joined the guardians' rows after the anti-join by nested loops over whole tables:
 * more than eighteen minutes for one statement.
 */
const references = (select: string) => `(${select} offset 0)`;

function conflicts(complete: boolean): Conflict[] {
  // A reference is known when the export lists it (staged, or recognised by its fingerprint); a record
  // set aside that the base has stays known (it keeps its previous state); for a delta, what the base
  // has and the delta keeps. Written as its negation, a conjunction of NOT EXISTS, which PostgreSQL
  // runs as anti-joins over the whole export rather than as one lookup per reference.
  const unknown = (category: 'EtabEducNat' | 'Eleve' | 'PersRelEleve', key: string) => {
    const { view, key: column, base } = VIEWS[category];
    const notStaged = `not exists (select 1 from ${view} k where k.${column} = ${key} and k.op <> 'delete')`;
    const notRecognised =
      category === 'EtabEducNat' ? '' : ` and not exists (select 1 from ${SEEN[category]} k where k.aaf_id = ${key})`;
    const notInBase = `not exists (select 1 from ${base} t where t.${column} = ${key} and t.detached_at is null)`;
    if (complete) return `(${notStaged}${notRecognised} and (${notSetAside(category, key)} or ${notInBase}))`;
    return `(${notStaged}${notRecognised} and (${notInBase}
      or exists (select 1 from ${view} d where d.${column} = ${key} and d.op = 'delete')))`;
  };
  const setAside = (category: AafCategory, key: string) => `not ${notSetAside(category, key)}`;
  const missing = (category: AafCategory, key: string) =>
    `case when ${setAside(category, key)} then 'lui-même mis de côté' else 'absent de l''export' end`;
  // A pupil listing a legal guardian, or a guardian listing a pupil, that the export does not know:
  // rows of `from` (alias r: aaf_id, file, line), their ids in the array `ids`.
  const relations = (
    category: 'Eleve' | 'PersRelEleve',
    { from, ids, where = 'true' }: { from: string; ids: string; where?: string },
  ): Conflict => {
    const [sentence, other] =
      category === 'Eleve'
        ? (["l'élève « %s » a pour responsable légal « %s », %s", 'PersRelEleve'] as const)
        : (["le responsable « %s » est lié à l'élève « %s », %s", 'Eleve'] as const);
    return {
      category,
      sql: `select distinct on (x.aaf_id) x.aaf_id, x.file, x.line,
                   ${say(sentence, 'x.aaf_id', 'x.id', missing(other, 'x.id'))} as reason
              from ${references(`select r.aaf_id, r.file, r.line, u.id from ${from}
                                  cross join lateral unnest(${ids}) u(id) where ${where}`)} x
             where ${unknown(other, 'x.id')}
             order by x.aaf_id`,
    };
  };
  const pupilOrGuardian = (category: 'Eleve' | 'PersRelEleve'): Conflict[] => {
    const { view, base } = VIEWS[category];
    const [label, article] = category === 'Eleve' ? ['élève', "l'élève"] : ['responsable', 'le responsable'];
    return [
      {
        category,
        sql: `select s.*, ${say(`modification d'un ${label} inconnu (« %s »)`, 's.aaf_id')} as reason
                from ${view} s
               where s.op = 'modify' and not exists (select 1 from ${base} t where t.aaf_id = s.aaf_id)`,
      },
      {
        category,
        sql: `select s.*, ${say(`${article} « %s » n'a pas de nom ou de prénom`, 's.aaf_id')} as reason
                from ${view} s where s.op = 'add' and (s.last_name is null or s.first_name is null)`,
      },
    ];
  };
  return [
    {
      category: 'EtabEducNat',
      sql: `select s.*, ${say("l'établissement « %s » n'a pas de nom (ENTStructureNomCourant)", 's.aaf_id')} as reason
              from stg_school s where s.op = 'add' and s.name is null`,
    },
    {
      category: 'PersEducNat',
      sql: `select s.*, ${say(
        "le directeur « %s » a l'adresse électronique « %s », donnée aussi au directeur « %s »",
        's.aaf_id',
        's.email',
        `(select min(o.aaf_id) from stg_agent o where o.email = s.email and o.aaf_id <> s.aaf_id
           and o.op <> 'delete' and cardinality(o.dir_uais) > 0)`,
      )} as reason
              from stg_agent s
             where s.op <> 'delete' and cardinality(s.dir_uais) > 0 and s.email in (
               select email from stg_agent where op <> 'delete' and cardinality(dir_uais) > 0 and email is not null
                group by email having count(*) > 1)`,
    },
    {
      category: 'PersEducNat',
      sql: `select s.*, ${say(
        "l'adresse électronique « %s » du directeur « %s » est déjà celle d'un autre personnel (« %s »)",
        's.email',
        's.aaf_id',
        't.aaf_id',
      )} as reason
              from stg_agent s join agent t on t.email = s.email and t.aaf_id <> s.aaf_id
             where s.op <> 'delete' and cardinality(s.dir_uais) > 0
               and not exists (select 1 from stg_agent o where o.aaf_id = t.aaf_id
                 and (o.op = 'delete' or ('email' = any(o.attrs) and o.email is distinct from t.email)))`,
    },
    {
      category: 'PersEducNat',
      sql: `select distinct on (s.aaf_id) s.*,
                   ${say('le directeur « %s » dirige un établissement inconnu (%s)', 's.aaf_id', 'u.uai')} as reason
              from stg_agent s cross join lateral unnest(s.dir_uais) u(uai)
             where s.op <> 'delete' and ${unknown('EtabEducNat', 'u.uai')}
             order by s.aaf_id`,
    },
    {
      category: 'Eleve',
      sql: `select s.*,
                   ${say("l'élève « %s » est rattaché à un établissement inconnu (%s)", 's.aaf_id', 's.school_uai')}
                   as reason
              from stg_pupil s
             where s.op <> 'delete' and 'school' = any(s.attrs) and s.school_uai is not null
               and ${unknown('EtabEducNat', 's.school_uai')}`,
    },
    {
      category: 'Eleve',
      sql: `select s.*, ${say(
        "l'élève « %s » est dans la classe « %s » d'un établissement inconnu (%s)",
        's.aaf_id',
        's.class_aaf_id',
        's.class_uai',
      )} as reason
              from stg_pupil s
             where s.op <> 'delete' and 'class' = any(s.attrs) and s.class_uai is not null
               and ${unknown('EtabEducNat', 's.class_uai')}`,
    },
    {
      category: 'Eleve',
      sql: `select s.*, ${say(
        "l'élève « %s » est dans la classe « %s » d'un autre établissement (%s) que le sien (%s)",
        's.aaf_id',
        's.class_aaf_id',
        's.class_uai',
        's.school_uai',
      )} as reason
              from stg_pupil s
             where s.op <> 'delete' and 'class' = any(s.attrs) and 'school' = any(s.attrs)
               and s.class_uai is not null and s.school_uai is not null and s.class_uai <> s.school_uai`,
    },
    relations('Eleve', { from: 'stg_pupil r', ids: 'r.legal_ids', where: "r.op <> 'delete'" }),
    relations('PersRelEleve', { from: 'stg_guardian r', ids: 'r.pupil_ids', where: "r.op <> 'delete'" }),
    ...pupilOrGuardian('Eleve'),
    ...pupilOrGuardian('PersRelEleve'),
    ...(complete ? recognisedConflicts(unknown, relations) : []),
  ];
}

/**
 * A record recognised by its fingerprint (recognised.ts) is the one its row was merged from: it was
 * in conflict with nothing then. It can be now only through what it points at — a school, a class's
 * school, a legal guardian, a pupil — that this export no longer lists: the same reasons as above,
 * read from its row (copied into seen_pupil and seen_guardian when they were made, stage-pool.ts).
 */
function recognisedConflicts(
  unknown: (category: 'EtabEducNat' | 'Eleve' | 'PersRelEleve', key: string) => string,
  relations: (category: 'Eleve' | 'PersRelEleve', rows: { from: string; ids: string }) => Conflict,
): Conflict[] {
  return [
    {
      category: 'Eleve',
      sql: `select x.aaf_id, x.file, x.line,
                   ${say("l'élève « %s » est rattaché à un établissement inconnu (%s)", 'x.aaf_id', 'x.uai')} as reason
              from ${references(`select r.aaf_id, r.file, r.line, sc.uai from seen_pupil r
                                   join school sc on sc.id = r.school_id`)} x
             where ${unknown('EtabEducNat', 'x.uai')}`,
    },
    {
      category: 'Eleve',
      sql: `select x.aaf_id, x.file, x.line, ${say(
        "l'élève « %s » est dans la classe « %s » d'un établissement inconnu (%s)",
        'x.aaf_id',
        'x.class_aaf_id',
        'x.uai',
      )} as reason
              from ${references(`select r.aaf_id, r.file, r.line, cl.aaf_id as class_aaf_id, csc.uai
                                   from seen_pupil r join school_class cl on cl.id = r.class_id
                                   join school csc on csc.id = cl.school_id`)} x
             where ${unknown('EtabEducNat', 'x.uai')}`,
    },
    relations('Eleve', { from: 'seen_pupil r', ids: 'r.legal_ids' }),
    relations('PersRelEleve', { from: 'seen_guardian r', ids: 'r.pupil_ids' }),
  ];
}

/**
 * Sets aside the records in conflict (table `set_aside` of the transaction, rows taken out of the
 * staged views), refuses the export above the limit, and returns the records for the report.
 */
export async function setAsideConflicts(
  ctx: ImportContext,
  maxShare: number = setAsideMaxShare(),
): Promise<SetAsideRecord[]> {
  const { client } = ctx;
  ctx.progress('enregistrements en conflit');
  await client.query(`
    create temp table set_aside (category text not null, key text not null, aaf_id text not null,
      file int not null, line int not null, reason text not null, primary key (category, key)) on commit drop`);
  const total = Number(
    (
      await client.query<{ n: string }>(
        `select ${[...Object.values(VIEWS).map((v) => v.view), ...Object.values(SEEN)]
          .map((view) => `(select count(*) from ${view})`)
          .join(' + ')} as n`,
      )
    ).rows[0].n,
  );
  const all = conflicts(ctx.mode === 'complet');
  for (let added = 1; added > 0;) {
    added = 0;
    for (const c of all) {
      const { key } = VIEWS[c.category];
      const r = await client.query(`
        insert into set_aside (category, key, aaf_id, file, line, reason)
        select '${c.category}', x.${key}, x.aaf_id, x.file, x.line, x.reason from (${c.sql}) x
         where ${notSetAside(c.category, `x.${key}`)}
        on conflict do nothing`);
      added += r.rowCount ?? 0;
    }
    if (!added) break;
    for (const [category, { view, key }] of Object.entries(VIEWS)) {
      await client.query(
        `delete from ${view} s using set_aside aside where aside.category = '${category}' and aside.key = s.${key}`,
      );
    }
    for (const [category, seen] of Object.entries(SEEN)) {
      await client.query(
        `delete from ${seen} s using set_aside aside where aside.category = '${category}' and aside.key = s.aaf_id`,
      );
    }
  }
  const { rows } = await client.query<{
    category: AafCategory;
    aaf_id: string;
    file: number;
    line: number;
    reason: string;
  }>('select category, aaf_id, file, line, reason from set_aside order by file, line');
  const records = rows.map((r) => ({
    file: fileName(ctx, r.file),
    line: r.line,
    category: r.category,
    aafId: r.aaf_id,
    reason: r.reason,
  }));
  if (records.length > total * maxShare) {
    const named = records.slice(0, 10).map(describeSetAside).join(' ; ');
    const more = records.length > 10 ? ` ; et ${records.length - 10} autre(s)` : '';
    throw importRefused(
      `export refusé : ${records.length} enregistrement(s) en conflit sur ${total} ` +
        `(${((100 * records.length) / Math.max(total, 1)).toFixed(1).replace('.', ',')} %), au-delà du seuil de ` +
        `${String(maxShare * 100).replace('.', ',')} % (IMPORT_SET_ASIDE_MAX_PERCENT) — ${named}${more}`,
    );
  }
  if (records.length) ctx.progress(`${records.length} enregistrement(s) mis de côté`);
  return records;
}

/** Writes the report of the records set aside, in the import's transaction (file, then line). */
export async function saveSetAside(ctx: ImportContext, importId: number): Promise<void> {
  await ctx.client.query(
    `insert into directory_import_set_aside (import_id, position, file, line, category, aaf_id, reason)
     select $1, row_number() over (order by file, line, category, key), ($2::text[])[file + 1], line, category,
            aaf_id, reason
       from set_aside`,
    [importId, ctx.files.map((_, i) => fileName(ctx, i))],
  );
}

/** « Eleve_0000.xml, ligne 10 : l'élève « P11 » est rattaché à un établissement inconnu (0999999Z) ». */
export const describeSetAside = (r: SetAsideRecord) => `${r.file}, ligne ${r.line} : ${r.reason}`;
