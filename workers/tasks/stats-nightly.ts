import { computeStats } from '@/lib/stats/compute-stats';
import { defineTask } from './define';

/** Nightly statistics of every school (guide §6.1: « automatiquement toutes les nuits »). */
export default defineTask('stats-nightly', async (_payload, { logger }) => {
  const started = Date.now();
  const n = await computeStats();
  logger.info(`statistiques calculées pour ${n} école(s) en ${Date.now() - started} ms`);
});
