import { computeStats } from '@/lib/stats/compute-stats';
import { defineTask } from './define';

/** « Calculer les statistiques » (guide §6.1): one school, on demand. */
export default defineTask('stats-school', async ({ schoolId }, { logger }) => {
  const started = Date.now();
  await computeStats({ schoolIds: [schoolId] });
  logger.info(`statistiques de l'école ${schoolId} calculées en ${Date.now() - started} ms`);
});
