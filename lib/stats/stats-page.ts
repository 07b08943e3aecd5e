import 'server-only';
import { db } from '@/lib/db';
import { addJob } from '@/lib/jobs/add-job';
import type { StatsCounts, StatsData } from '@/lib/stats/compute-stats';

export interface StatsPageData {
  latest: { computedAt: Date; data: StatsData } | null;
  /** Oldest first, for the activation chart. */
  history: { computedAt: Date; pctComptesActives: number; pctElevesAvecResponsableActive: number }[];
  /** A computation asked for with « Calculer les statistiques » and not finished yet. */
  running: boolean;
}

export const statsJobKey = (schoolId: number) => `stats:${schoolId}`;

/** What the « Statistiques » page shows for one school. The caller has authorised the school. */
export async function getStatsPage({ schoolId }: { schoolId: number }): Promise<StatsPageData> {
  // The job first, then the snapshots: a job finished in between has already committed its
  // snapshot, so the page never shows « not computed » and « not running » at once by mistake.
  const jobs = await db.$queryRaw<
    { n: number }[]
  >`select count(*)::int as n from graphile_worker.jobs where key = ${statsJobKey(schoolId)}`;
  const snapshots = await db.statsSnapshot.findMany({
    where: { schoolId },
    orderBy: [{ computedAt: 'desc' }, { id: 'desc' }],
    take: 60,
    select: { computedAt: true, data: true },
  });
  const latest = snapshots[0]
    ? { computedAt: snapshots[0].computedAt, data: snapshots[0].data as unknown as StatsData }
    : null;
  return {
    latest,
    history: snapshots
      .map((s) => {
        const d = s.data as unknown as StatsData;
        return {
          computedAt: s.computedAt,
          pctComptesActives: d.summary.pctComptesActives,
          pctElevesAvecResponsableActive: d.summary.pctElevesAvecResponsableActive,
        };
      })
      .reverse(),
    running: jobs[0].n > 0,
  };
}

/** « Calculer les statistiques »: one pending computation per school at most. */
export async function requestSchoolStats({ schoolId }: { schoolId: number }): Promise<void> {
  await addJob(db, 'stats-school', { schoolId }, { jobKey: statsJobKey(schoolId), maxAttempts: 3 });
}

/** The « Total » row of a detail table: sums, and the percentage of the sums. */
export function totalRow(rows: StatsCounts[]): StatsCounts {
  const t = rows.reduce(
    (a, r) => ({
      comptes: a.comptes + r.comptes,
      nonNotifies: a.nonNotifies + r.nonNotifies,
      notifiesNonActives: a.notifiesNonActives + r.notifiesNonActives,
      enCoursActivation: a.enCoursActivation + r.enCoursActivation,
      actives: a.actives + r.actives,
      pctComptesActives: 0,
    }),
    { comptes: 0, nonNotifies: 0, notifiesNonActives: 0, enCoursActivation: 0, actives: 0, pctComptesActives: 0 },
  );
  t.pctComptesActives = t.comptes ? Math.round((10000 * t.actives) / t.comptes) / 100 : 0;
  return t;
}
