/**
 * Which of the service's processes this is, as its launcher says (EDUCONNECT_PROCESS): `web` (each
 * `next start` process), `worker` (workers/run.ts, and npm start's own process, which runs the
 * worker), `cli` (the operators' command line). PostgreSQL is told too, as the connections'
 * `application_name` (educonnect-web, educonnect-worker, educonnect-cli: node-postgres reads
 * PGAPPNAME), which `pg_stat_activity` and the server's log show: a DBA sees which process holds a
 * connection, a lock or a long statement. A web process's connections also get limits
 * (lib/database/prisma.ts).
 */
export type ProcessKind = 'web' | 'worker' | 'cli';

/** The environment that makes a process of this kind (for a launcher's children). */
export const processEnv = (kind: ProcessKind) => ({ EDUCONNECT_PROCESS: kind, PGAPPNAME: `educonnect-${kind}` });

/** Says what this process is, before it opens any connection. */
export function declareProcess(kind: ProcessKind): void {
  Object.assign(process.env, processEnv(kind));
}

export const isWebProcess = () => process.env.EDUCONNECT_PROCESS === 'web';
