import { z } from 'zod';
import { withPgClient } from '@/lib/database/pg';
import { computeStats } from '@/lib/stats/compute-stats';
import { defineTask } from './define';

/** « Calculer les statistiques » (guide §6.1): one school, on demand. */
export default defineTask({
  name: 'stats-school',
  payload: z.object({ schoolId: z.number().int().positive() }),
  async run({ schoolId }, { logger }) {
    const started = Date.now();
    await withPgClient((client) => computeStats(client, { schoolIds: [schoolId] }));
    logger.info(`statistiques de l'école ${schoolId} calculées en ${Date.now() - started} ms`);
  },
});
