import 'server-only';
import { db } from '@/lib/db';
import path from 'node:path';
import { migrationNames } from '@/lib/database/migrate';
import { log } from '@/lib/log';
import { oldestQueuedJobSeconds } from '@/lib/jobs/job-queue';
import { secretKeyMatches } from '@/lib/accounts/secret-key-check';
import { DIRECTORY_LATE_HOURS, lastSuccessfulImport } from '@/lib/directory/import/import-history';

/** A job due for longer than this means no worker is taking jobs (the nightly ones included). */
const QUEUE_LATE_SECONDS = 15 * 60;
/** A job someone waits for (a parent's code, a link: URGENT_JOBS) due for longer than this is late. */
const URGENT_LATE_SECONDS = 60;

export interface HealthReport {
  /** Whether a load balancer may send this node requests: database reachable, schema current, same key. */
  ok: boolean;
  database: 'ok' | 'injoignable';
  migrations: 'à jour' | 'en attente' | 'inconnues';
  /** Whether this node's ACCOUNT_SECRET_KEY opens what the service sealed (lib/accounts/secret-key-check.ts). */
  secrets: 'ok' | 'clé différente' | 'inconnue';
  /** Migrations of the code that the database lacks (a node started before `db:migrate`). */
  pendingMigrations: string[];
  /** How long the oldest due job has been waiting, in seconds (null: none is waiting). */
  oldestQueuedJobSeconds: number | null;
  /** The workers' state does not take a web node out: it is reported for the operator. */
  queue: 'ok' | 'en retard' | 'inconnue';
  /**
   * How long the oldest job someone waits for (URGENT_JOBS) has been waiting, in seconds: due and not
   * taken, or failed and held back before its next try (counted from when it was queued).
   */
  oldestUrgentJobSeconds: number | null;
  /**
   * « en retard » after a minute: parents wait for their codes (workers down, their slots full, or the
   * SMS gateway or the mail provider failing every try).
   */
  urgent: 'ok' | 'en retard' | 'inconnue';
  /** Hours since the last directory import that succeeded (null: none yet). */
  lastImportHours: number | null;
  /** The directory's freshness, for the operator as the queue: late after DIRECTORY_LATE_HOURS. */
  annuaire: 'à jour' | 'en retard' | 'jamais importé' | 'inconnu';
}

let codeMigrations: string[] | null = null;

/**
 * The health of this node for load balancers and operators (`GET /api/health`): nothing about
 * people, only whether the database answers, whether its schema is the one the code expects, how
 * late the job queue runs and how old the directory is.
 */
export async function healthReport(): Promise<HealthReport> {
  // The web server runs from the project's root (as letters/fonts.ts), its bundle elsewhere.
  codeMigrations ??= migrationNames(path.join(process.cwd(), 'prisma', 'migrations'));
  try {
    const applied = await db.$queryRaw<{ name: string }[]>`
      select migration_name as name from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`;
    const done = new Set(applied.map((a) => a.name));
    const pendingMigrations = codeMigrations.filter((m) => !done.has(m));
    // Before its migrations are applied, the node cannot read the sentinel's table: it is out anyway.
    const sameKey = pendingMigrations.length ? null : await secretKeyMatches();
    if (sameKey === false) log.error('santé : ACCOUNT_SECRET_KEY n’ouvre pas ce que le service a scellé');
    const [oldest, lastImport] = await Promise.all([oldestQueuedJobSeconds(), lastSuccessfulImport()]);
    const lastImportHours = lastImport ? Math.floor(lastImport.hours) : null;
    return {
      ok: pendingMigrations.length === 0 && sameKey === true,
      database: 'ok',
      migrations: pendingMigrations.length ? 'en attente' : 'à jour',
      secrets: sameKey === null ? 'inconnue' : sameKey ? 'ok' : 'clé différente',
      pendingMigrations,
      oldestQueuedJobSeconds: oldest.any,
      queue: oldest.any !== null && oldest.any > QUEUE_LATE_SECONDS ? 'en retard' : 'ok',
      oldestUrgentJobSeconds: oldest.urgent,
      urgent: oldest.urgent !== null && oldest.urgent > URGENT_LATE_SECONDS ? 'en retard' : 'ok',
      lastImportHours,
      annuaire:
        lastImportHours === null ? 'jamais importé' : lastImportHours >= DIRECTORY_LATE_HOURS ? 'en retard' : 'à jour',
    };
  } catch (e) {
    log.error({ err: (e as Error).message }, 'santé : la base ne répond pas');
    return {
      ok: false,
      database: 'injoignable',
      migrations: 'inconnues',
      secrets: 'inconnue',
      pendingMigrations: [],
      oldestQueuedJobSeconds: null,
      queue: 'inconnue',
      oldestUrgentJobSeconds: null,
      urgent: 'inconnue',
      lastImportHours: null,
      annuaire: 'inconnu',
    };
  }
}
