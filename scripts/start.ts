/**
 * `npm start` (production build) and `npm run dev` (hot reload): the whole service in one
 * command — database (embedded unless DATABASE_URL), migrations, demo data once, the web server,
 * a graphile-worker runner and, in demo mode, the local OpenID Connect stand-ins.
 * Ctrl-C stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { acquireDatabase } from '@/lib/database/database-url';
import { migrateAll } from '@/lib/database/migrate-all';
import { projectRoot } from '@/lib/config/paths';
import { resolveServiceEnv, WEB_SERVER_NODE_ARGS, TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';
import { isDomainError } from '@/lib/errors';
import { loadDotEnv } from '@/lib/config/dotenv';
import { unsupportedRuntime } from '@/lib/config/runtime';
import { declareProcess, processEnv } from '@/lib/config/process-kind';
import { buildApp, buildIsStale, NEXT_BIN, trimDsfrStyles } from './next-build';

loadDotEnv();
const dev = process.argv.includes('--dev');
/** `--no-worker`: web only, when workers run elsewhere (`npm run worker`). */
const withWorker = !process.argv.includes('--no-worker');
// This process runs the worker (and, in the demo, the stand-ins); the web server's processes say they are web.
if (withWorker) declareProcess('worker');
const say = (m: string) => process.stderr.write(`[educonnect] ${m}\n`);

async function main() {
  let resolved: ReturnType<typeof resolveServiceEnv>;
  try {
    resolved = resolveServiceEnv();
  } catch (e) {
    // A refused configuration is the operator's to fix: their sentence, no stack trace.
    say(isDomainError(e) ? `configuration : ${e.message}` : `échec du démarrage : ${(e as Error).stack ?? e}`);
    process.exit(1);
  }
  const { demo, env: serviceEnv } = resolved;
  say(unsupportedRuntime(process.versions.node) ?? `Node ${process.versions.node}.`);
  const db = await acquireDatabase();
  const env: NodeJS.ProcessEnv = { ...process.env, ...serviceEnv, DATABASE_URL: db.url };
  Object.assign(process.env, serviceEnv, { DATABASE_URL: db.url });

  const stops: (() => Promise<void>)[] = [async () => db.release()];
  let next: ChildProcess | null = null;
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('arrêt…');
    if (next && next.exitCode === null) {
      const exited = new Promise((r) => next!.once('close', r));
      next.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (next.exitCode === null) next.kill('SIGKILL');
    }
    for (const stop of stops.reverse()) await stop().catch((e) => say(`arrêt incomplet : ${(e as Error).message}`));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    say(db.embedded ? 'PostgreSQL embarqué prêt (.data/postgres).' : 'PostgreSQL : DATABASE_URL.');
    const migrated = await migrateAll(db.url, say);
    say(`schéma à jour (${migrated.applied.length} migration(s) appliquée(s)).`);

    if (demo) {
      const { loadDemoDataOnce } = await import('@/lib/demo/load-demo-data');
      const loaded = await loadDemoDataOnce({ log: say });
      say(loaded ? 'données de démonstration chargées.' : 'données de démonstration déjà présentes.');
    }

    if (!dev && buildIsStale()) {
      say('construction de l’application (next build)…');
      await buildApp(env);
    }
    // `next dev` compiles as it goes: the stylesheet is trimmed to the sources once, here (a component
    // or an icon used for the first time needs `npm run dev` again).
    if (dev) trimDsfrStyles();

    if (demo) {
      const { startStandin } = await import('@/lib/demo/oidc-standin');
      const standin = await startStandin({
        port: Number(serviceEnv.OIDC_STANDIN_PORT),
        appUrl: serviceEnv.AUTH_URL,
        databaseUrl: db.url,
        clientSecret: serviceEnv.STANDIN_CLIENT_SECRET,
        log: say,
      });
      stops.push(() => standin.close());
    }

    if (withWorker) {
      const { startWorker } = await import('@/workers/runner');
      const worker = await startWorker({ connectionString: db.url });
      stops.push(() => worker.stop());
    }

    // `next dev` compiles as it goes, in one process; the build is served by one process per core (web.ts).
    const address = ['-p', serviceEnv.PORT, '-H', 'localhost'];
    next = spawn(
      process.execPath,
      dev
        ? [...WEB_SERVER_NODE_ARGS, NEXT_BIN, 'dev', ...address]
        : [...TS_ENTRY_NODE_ARGS, 'scripts/web.ts', ...address],
      {
        cwd: projectRoot,
        // `next start` makes its processes production ones; web.ts checks the configuration again, as given.
        env: dev ? { ...env, ...processEnv('web'), NODE_ENV: 'development' } : env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    next.on('close', (code) => {
      if (!stopping) {
        say(`le serveur web s'est arrêté (code ${code}).`);
        void stopAll(code ?? 1);
      }
    });
    // The web server is started: this process (worker, stand-ins) now gives way to it.
    if (withWorker) (await import('@/workers/runner')).lowerWorkerPriority();
    await waitForHttp(`${serviceEnv.AUTH_URL}/`, 120_000);
    await printWelcome(serviceEnv.AUTH_URL, demo);
  } catch (e) {
    say(isDomainError(e) ? `configuration : ${e.message}` : `échec du démarrage : ${(e as Error).stack ?? e}`);
    await stopAll(1);
  }
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} ne répond pas après ${timeoutMs / 1000} s.`);
}

async function printWelcome(url: string, demo: boolean) {
  const lines = [``, `EduConnect est prêt : ${url}`, `  Espace directeur d'école : ${url}/admin`];
  if (demo) {
    const { demoSignIns } = await import('@/lib/demo/load-demo-data');
    lines.push(
      `  Boîte mail de démonstration : ${url}/dev/boite-mail`,
      ``,
      `Connexion des directeurs (portail des agents de démonstration, sans mot de passe) :`,
    );
    for (const a of await demoSignIns()) lines.push(`  ${a.email}  — ${a.schools}`);
    lines.push(``, `Ctrl-C arrête tout (serveur web, workers, PostgreSQL embarqué).`, ``);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

void main();
