import 'server-only';
import { RateLimiterPrisma, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { db } from '@/lib/db';

/**
 * A counter of rate-limiter-flexible kept in PostgreSQL (the `rate_limit` table), so that every web
 * node and every worker counts on the same one: `points` per `durationSeconds` (0: never expires).
 * Made at its first use, once per process.
 */
export function sharedLimiter(keyPrefix: string, points: number, durationSeconds: number): () => RateLimiterAbstract {
  let instance: RateLimiterAbstract | undefined;
  return () =>
    (instance ??= new RateLimiterPrisma({
      storeClient: db,
      tableName: 'rateLimit',
      keyPrefix,
      points,
      duration: durationSeconds,
      clearExpiredByTimeout: false,
    }));
}
