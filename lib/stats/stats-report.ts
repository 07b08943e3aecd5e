import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { computeStats, type StatsData } from '@/lib/stats/compute-stats';

/** The stable JSON of `npm run cli -- stats UAI --json` (issue « Statistiques »). */
export interface StatsReport extends StatsData {
  uai: string;
  computedAt: string;
}

/** Computes one school's statistics now and returns them as the CLI prints them. */
export async function statsReport({ uai }: { uai: string }): Promise<StatsReport> {
  const school = await db.school.findFirst({ where: { uai, detachedAt: null }, select: { id: true } });
  if (!school) throw new DomainError('UNKNOWN_SCHOOL', { uai });
  await computeStats({ schoolIds: [school.id] });
  const latest = await db.statsSnapshot.findFirstOrThrow({
    where: { schoolId: school.id },
    orderBy: [{ computedAt: 'desc' }, { id: 'desc' }],
    select: { computedAt: true, data: true },
  });
  return { uai, computedAt: latest.computedAt.toISOString(), ...(latest.data as unknown as StatsData) };
}
