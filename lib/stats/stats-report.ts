import type pg from 'pg';
import { computeStats, type StatsData } from '@/lib/stats/compute-stats';

/** The stable JSON of `npm run cli -- stats UAI --json` (issue « Statistiques »). */
export interface StatsReport extends StatsData {
  uai: string;
  computedAt: string;
}

export async function latestStats(
  client: pg.ClientBase,
  schoolId: number,
): Promise<{ computedAt: Date; data: StatsData } | null> {
  const { rows } = await client.query<{ computed_at: Date; data: StatsData }>(
    'select computed_at, data from stats_snapshot where school_id = $1 order by computed_at desc, id desc limit 1',
    [schoolId],
  );
  return rows[0] ? { computedAt: rows[0].computed_at, data: rows[0].data } : null;
}

/** Computes one school's statistics now and returns them as the CLI prints them. */
export async function statsForCli(client: pg.ClientBase, uai: string): Promise<StatsReport | null> {
  const { rows } = await client.query<{ id: number }>('select id from school where uai = $1 and detached_at is null', [
    uai,
  ]);
  if (!rows.length) return null;
  await computeStats(client, { schoolIds: [rows[0].id] });
  const latest = (await latestStats(client, rows[0].id))!;
  return { uai, computedAt: latest.computedAt.toISOString(), ...latest.data };
}
