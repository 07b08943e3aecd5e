/**
 * Statistics of guide §6.1, computed in one set-based statement for one school or all of them,
 * and stored as snapshots with their computation time.
 *
 * Population: the director scope (eligible pupils and the live accounts of their legal
 * guardians); the pupils' percentage counts every eligible pupil. Per class and per level,
 * distinct accounts are counted within each group — a guardian with children in two classes
 * counts in both, which is why the detail totals exceed the summary (guide §6.1).
 */
import 'server-only';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Tx } from '@/lib/database/prisma';

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

const counts = Prisma.raw(`
  'comptes', count(distinct account_id),
  'nonNotifies', count(distinct account_id) filter (where state = 'NON_NOTIFIE'),
  'notifiesNonActives', count(distinct account_id) filter (where state = 'NOTIFIE_NON_ACTIVE'),
  'enCoursActivation', count(distinct account_id) filter (where state = 'EN_COURS_ACTIVATION'),
  'actives', count(distinct account_id) filter (where state = 'ACTIVE'),
  'pctComptesActives', coalesce(round(100.0 * count(distinct account_id) filter (where state = 'ACTIVE')
                                      / nullif(count(distinct account_id), 0), 2), 0)`);

const EMPTY_SUMMARY = Prisma.raw(`json_build_object('comptes', 0, 'nonNotifies', 0, 'notifiesNonActives', 0,
  'enCoursActivation', 0, 'actives', 0, 'pctComptesActives', 0, 'pctElevesAvecResponsableActive', 0)`);

/**
 * Computes and stores a snapshot for each school of `schoolIds` (every attached school when
 * omitted), all at the same instant. Returns the number of snapshots written.
 */
export async function computeStats({ schoolIds, tx = db }: { schoolIds?: number[]; tx?: Tx } = {}): Promise<number> {
  const ids = schoolIds ?? null;
  return tx.$executeRaw`
    with schools as (
      select id from school where detached_at is null and (${ids}::int[] is null or id = any(${ids}::int[]))
    ), base as (
      select s.school_id, s.pupil_id, c.label as classe, s.level::text as niveau, s.account_id, s.state
        from director_scope s
        join schools on schools.id = s.school_id
        join school_class c on c.id = s.class_id
    ), pupils as (
      select p.school_id, count(*) as n from eligible_pupil p join schools on schools.id = p.school_id group by 1
    ), per_school as (
      select b.school_id, json_build_object(${counts},
        'pctElevesAvecResponsableActive',
          coalesce(round(100.0 * count(distinct b.pupil_id) filter (where b.state = 'ACTIVE')
                                                         / nullif(max(p.n), 0), 2), 0)) as summary
        from base b join pupils p on p.school_id = b.school_id group by b.school_id
    ), per_class as (
      select school_id, json_agg(x order by classe) as rows from (
        select school_id, classe, json_build_object('classe', classe, ${counts}) as x from base group by school_id,
          classe
      ) c group by school_id
    ), per_level as (
      select school_id, json_agg(x order by array_position(enum_range(null::level)::text[], niveau)) as rows from (
        select school_id, niveau, json_build_object('niveau', niveau, ${counts}) as x
          from base where niveau is not null group by school_id, niveau
      ) l group by school_id
    )
    insert into stats_snapshot (school_id, computed_at, data)
    select s.id, now(), json_build_object(
        'summary', coalesce(ps.summary, ${EMPTY_SUMMARY}),
        'parClasse', coalesce(pc.rows, '[]'::json), 'parNiveau', coalesce(pl.rows, '[]'::json))::jsonb
      from schools s left join per_school ps on ps.school_id = s.id
      left join per_class pc on pc.school_id = s.id left join per_level pl on pl.school_id = s.id`;
}
