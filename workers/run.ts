/**
 * `npm run worker`: one graphile-worker runner (tasks and crontab). Run as many as needed, on
 * one machine or several: they share the queue through PostgreSQL.
 */
import { acquireDatabase } from '@/lib/database/database-url';
import { migrateAll } from '@/lib/database/migrate-all';
import { resolveServiceEnv } from '@/lib/config/service-env';
import { loadDotEnv } from '@/lib/config/dotenv';
import { unsupportedRuntime } from '@/lib/config/runtime';
import { declareProcess } from '@/lib/config/process-kind';
import { lowerWorkerPriority, startWorker } from './runner';

declareProcess('worker');
loadDotEnv();
const { env } = resolveServiceEnv();
Object.assign(process.env, env);
const db = await acquireDatabase();
process.env.DATABASE_URL = db.url;
await migrateAll(db.url);
lowerWorkerPriority();
const outdated = unsupportedRuntime(process.versions.node);
if (outdated) process.stderr.write(`[educonnect] ${outdated}\n`);
const runner = await startWorker({ connectionString: db.url });
process.stderr.write(
  `[educonnect] worker prêt (${db.embedded ? 'PostgreSQL embarqué' : 'DATABASE_URL'}). Ctrl-C pour arrêter.\n`,
);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await runner.stop();
  await db.release();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
await runner.promise;
