import { z } from 'zod';
import { withPgClient } from '@/lib/database/pg';
import { computeStats } from '@/lib/stats/compute-stats';
import { defineTask } from './define';

/** Nightly statistics of every school (guide §6.1: « automatiquement toutes les nuits »). */
export default defineTask({
  name: 'stats-nightly',
  payload: z.object({}).passthrough(),
  async run(_payload, { logger }) {
    const started = Date.now();
    const n = await withPgClient((client) => computeStats(client));
    logger.info(`statistiques calculées pour ${n} école(s) en ${Date.now() - started} ms`);
  },
});
