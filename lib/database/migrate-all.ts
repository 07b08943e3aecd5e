import { runMigrations } from 'graphile-worker';
import { migrate, type MigrationResult } from '@/lib/database/migrate';

/** Our schema (prisma/migrations) and graphile-worker's own schema, in that order. */
export async function migrateAll(
  connectionString: string,
  logLine: (m: string) => void = () => undefined,
): Promise<MigrationResult> {
  const result = await migrate(connectionString, logLine);
  await runMigrations({ connectionString, logger: undefined });
  return result;
}
