import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** How long a transaction may wait for a free connection of the pool before failing. */
const TRANSACTION_MAX_WAIT_MS = 15_000;

/** A Prisma client on `url` (default DATABASE_URL) through the node-postgres driver adapter. */
export function createPrismaClient(url = process.env.DATABASE_URL): PrismaClient {
  if (!url) {
    throw new Error("DATABASE_URL n'est pas défini : lancez le service par `npm start` ou définissez DATABASE_URL.");
  }
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // Under load every connection of the pool may be busy: a transaction then waits its turn as a plain
  // query does, instead of failing after Prisma's 2 s (a sign-in refused with a 500 for being queued).
  return new PrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS } });
}
