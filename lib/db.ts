import 'server-only';
import { createPrismaClient, type PrismaClient } from '@/lib/database/prisma';

/**
 * The one Prisma client (DESIGN.md §3), created at first use so that building the app needs no
 * database. Every process (web server, worker, CLI) reads DATABASE_URL, set by the launcher.
 */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  globalForPrisma.prisma ??= createPrismaClient();
  return globalForPrisma.prisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === 'function' ? value.bind(c) : value;
  },
});

/** Closes the client's pool (end of a CLI command or a test file). */
export async function disconnectDb() {
  if (globalForPrisma.prisma) {
    await globalForPrisma.prisma.$disconnect();
    globalForPrisma.prisma = undefined;
  }
}
