import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** A Prisma client on `url` (default DATABASE_URL) through the node-postgres driver adapter. */
export function createPrismaClient(url = process.env.DATABASE_URL): PrismaClient {
  if (!url) {
    throw new Error("DATABASE_URL n'est pas défini : lancez le service par `npm start` ou définissez DATABASE_URL.");
  }
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
}
