/**
 * Where every command finds its database: `DATABASE_URL` when set (CI, production), otherwise
 * the project's embedded PostgreSQL in `.data/` (DESIGN.md §2), started on demand and shared.
 */
import path from 'node:path';
import { acquireCluster, releaseCluster, type Cluster } from '@/lib/database/embedded-postgres';
import { dataRoot } from '@/lib/config/paths';

export const demoCluster: Cluster = { root: path.join(dataRoot, 'postgres'), user: 'educonnect' };
export const DEMO_DATABASE = 'educonnect';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

export async function acquireDatabase(): Promise<DatabaseHandle> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, release: async () => undefined };
  }
  const url = await acquireCluster(demoCluster, DEMO_DATABASE);
  let released = false;
  return {
    url,
    embedded: true,
    release: async () => {
      if (released) return;
      released = true;
      await releaseCluster(demoCluster);
    },
  };
}
