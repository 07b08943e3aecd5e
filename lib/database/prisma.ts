import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { isWebProcess } from '@/lib/config/process-kind';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** How long a transaction may wait for a free connection of the pool before failing. */
const TRANSACTION_MAX_WAIT_MS = 15_000;

/**
 * A web process's limits (lib/config/process-kind.ts): no page or action runs a statement for 30 s
 * (« Responsables » takes tens of milliseconds at 1,500 pupils), nor leaves a transaction open and
 * idle for a minute. One that does — waiting behind a lock the nightly import holds, a process stuck
 * mid-transaction — is stopped by PostgreSQL and rolled back, rather than holding one of the pool's
 * connections (and the locks it took) until every request of the node waits for the pool. Workers
 * and the command line have none: an import builds indexes for minutes.
 */
export const WEB_STATEMENT_TIMEOUT_MS = 30_000;
export const WEB_IDLE_IN_TRANSACTION_MS = 60_000;

/** A Prisma client on `url` (default DATABASE_URL) through the node-postgres driver adapter. */
export function createPrismaClient(url = process.env.DATABASE_URL): PrismaClient {
  if (!url) {
    throw new Error("DATABASE_URL n'est pas défini : lancez le service par `npm start` ou définissez DATABASE_URL.");
  }
  const adapter = new PrismaPg({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    ...(isWebProcess()
      ? { statement_timeout: WEB_STATEMENT_TIMEOUT_MS, idle_in_transaction_session_timeout: WEB_IDLE_IN_TRANSACTION_MS }
      : {}),
  });
  // Under load every connection of the pool may be busy: a transaction then waits its turn as a plain
  // query does, instead of failing after Prisma's 2 s (a sign-in refused with a 500 for being queued).
  return new PrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS } });
}
