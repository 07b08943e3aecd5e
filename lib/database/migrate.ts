/**
 * Applies the SQL migrations of prisma/migrations and records them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does (same table, same checksum), so both agree.
 * Prisma 7's own CLI needs a native engine that cannot be downloaded here (DESIGN.md §10).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@/lib/config/paths';
import { newPgClient } from '@/lib/database/pg-client';

export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Same key for every process: two commands migrating at once take turns. */
const LOCK_KEY = 72707369;

/**
 * The migrations' names, in order (the web server passes its own folder: its bundle lives elsewhere).
 * The web server reads the folder where it runs, from the project (DEPLOYMENT.md): the build is told
 * not to trace a folder it cannot know (without the comment, Turbopack traced the whole project).
 */
export function migrationNames(dir = migrationsDir): string[] {
  return fs
    .readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function listMigrations(): { name: string; sql: string; checksum: string }[] {
  return migrationNames().map((name) => {
    const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

export async function migrate(
  connectionString: string,
  log: (m: string) => void = () => undefined,
): Promise<MigrationResult> {
  const client = newPgClient({ connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('select migration_name, checksum, finished_at, rolled_back_at from "_prisma_migrations"');
    const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) {
      throw new Error(
        `La migration ${failed.migration_name} a échoué lors d'un passage précédent : ` +
          'corrigez la base puis marquez-la comme annulée (rolled_back_at).',
      );
    }
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const m of listMigrations()) {
      const previous = done.get(m.name);
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new Error(
            `La migration ${m.name} a été modifiée après avoir été appliquée (somme de contrôle différente).`,
          );
        }
        result.alreadyApplied++;
        continue;
      }
      log(`migration ${m.name}…`);
      const id = randomUUID();
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query(
          `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           values ($1, $2, now(), $3, now(), 1)`,
          [id, m.checksum, m.name],
        );
        await client.query('commit');
      } catch (e) {
        await client.query('rollback');
        throw new Error(`La migration ${m.name} a échoué : ${(e as Error).message}`);
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
