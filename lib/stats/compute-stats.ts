/**
 * Statistics of guide §6.1, computed in one set-based statement for one school or all of them,
 * and stored as snapshots with their computation time.
 *
 * Population: eligible pupils (definitively admitted, with an INE, in a class, attached to the
 * school) and the live accounts (not merged) of their legal guardians. Per class and per level,
 * distinct accounts are counted within each group — a guardian with children in two classes
 * counts in both, which is why the detail totals exceed the summary (guide §6.1).
 */
import type pg from 'pg';

export interface StatsCounts {
  comptes: number;
  nonNotifies: number;
  notifiesNonActives: number;
  enCoursActivation: number;
  actives: number;
  pctComptesActives: number;
}

export interface StatsData {
  summary: StatsCounts & { pctElevesAvecResponsableActive: number };
  parClasse: (StatsCounts & { classe: string })[];
  parNiveau: (StatsCounts & { niveau: string })[];
}

const counts = `
  'comptes', count(distinct account_id),
  'nonNotifies', count(distinct account_id) filter (where state = 'NON_NOTIFIE'),
  'notifiesNonActives', count(distinct account_id) filter (where state = 'NOTIFIE_NON_ACTIVE'),
  'enCoursActivation', count(distinct account_id) filter (where state = 'EN_COURS_ACTIVATION'),
  'actives', count(distinct account_id) filter (where state = 'ACTIVE'),
  'pctComptesActives', coalesce(round(100.0 * count(distinct account_id) filter (where state = 'ACTIVE') / nullif(count(distinct account_id), 0), 2), 0)`;

/**
 * Computes and stores a snapshot for each school of `schoolIds` (every attached school when
 * omitted), all at the same instant. Returns the number of snapshots written.
 */
export async function computeStats(
  client: pg.ClientBase,
  { schoolIds }: { schoolIds?: number[] } = {},
): Promise<number> {
  const { rowCount } = await client.query(
    `
    with schools as (
      select id from school where detached_at is null and ($1::int[] is null or id = any($1))
    ), base as (
      select p.school_id, p.id as pupil_id, c.label as classe, p.level::text as niveau, a.id as account_id, a.state
        from pupil p
        join schools s on s.id = p.school_id
        join school_class c on c.id = p.class_id
        left join guardian_link l on l.pupil_id = p.id and l.legal
        left join guardian g on g.id = l.guardian_id
        left join account a on a.id = g.account_id and a.deleted_at is null
       where p.admitted and p.ine is not null and p.detached_at is null
    ), per_school as (
      select school_id, json_build_object(${counts},
        'pctElevesAvecResponsableActive', coalesce(round(100.0 * count(distinct pupil_id) filter (where state = 'ACTIVE') / nullif(count(distinct pupil_id), 0), 2), 0)) as summary
        from base group by school_id
    ), per_class as (
      select school_id, json_agg(x order by classe) as rows from (
        select school_id, classe, json_build_object('classe', classe, ${counts}) as x from base group by school_id, classe) c
      group by school_id
    ), per_level as (
      select school_id, json_agg(x order by array_position(enum_range(null::level)::text[], niveau)) as rows from (
        select school_id, niveau, json_build_object('niveau', niveau, ${counts}) as x from base where niveau is not null group by school_id, niveau) l
      group by school_id
    )
    insert into stats_snapshot (school_id, computed_at, data)
    select s.id, now(), json_build_object(
        'summary', coalesce(ps.summary, json_build_object('comptes', 0, 'nonNotifies', 0, 'notifiesNonActives', 0, 'enCoursActivation', 0, 'actives', 0, 'pctComptesActives', 0, 'pctElevesAvecResponsableActive', 0)),
        'parClasse', coalesce(pc.rows, '[]'::json), 'parNiveau', coalesce(pl.rows, '[]'::json))::jsonb
      from schools s left join per_school ps on ps.school_id = s.id
      left join per_class pc on pc.school_id = s.id left join per_level pl on pl.school_id = s.id`,
    [schoolIds ?? null],
  );
  return rowCount ?? 0;
}
