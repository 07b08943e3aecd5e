/**
 * `npm test`: the whole suite against real parts — unit tests, integration tests on real
 * PostgreSQL, end-to-end tests in Debian's Chromium against the built service.
 *
 * Databases: with DATABASE_URL, throwaway databases are created on that server; without it, a
 * throwaway embedded PostgreSQL is started in a temporary folder. Either way the demo data is
 * never touched, and nothing is left running or lying around afterwards.
 * `npm test -- style|types|unit|integration|e2e` runs only those parts; any other word is refused.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { acquireCluster, releaseCluster, type Cluster } from '@/lib/database/embedded-postgres';
import { migrateAll } from '@/lib/database/migrate-all';
import { projectRoot } from '@/lib/config/paths';
import { databaseUrl, TEST_ADMIN_URL, TEST_TEMPLATE } from '@/tests/support/test-env';
import { describeMachineLoad, watchMachineLoad } from './machine-load';
import { buildEnv, buildIsStale, NEXT_BIN, trimDsfrStyles } from './next-build';

const say = (m: string) => process.stderr.write(`[test] ${m}\n`);
const PARTS = ['style', 'types', 'unit', 'integration', 'e2e'] as const;
const parts = process.argv.slice(2);
const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length) {
  say(`partie inconnue : ${unknown.join(', ')} (parties possibles : ${PARTS.join(', ')}).`);
  process.exit(2);
}
const want = (p: (typeof PARTS)[number]) => parts.length === 0 || parts.includes(p);

/** A duration, with what the machine's processors did meanwhile (a slow run is often a stolen one). */
function took(ms: number, load: ReturnType<typeof watchMachineLoad>, unit = 's'): string {
  const machine = describeMachineLoad(load());
  return `${(ms / 1000).toFixed(1)} ${unit}${machine ? ` ; ${machine}` : ''}`;
}

/**
 * Runs one step of the suite to its end and says how long it took (the suite's time is watched:
 * README). A `quiet` step runs beside others: its output is kept and printed in one block at its end.
 */
function run(step: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): Promise<number> {
  const started = performance.now();
  const load = watchMachineLoad();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: projectRoot, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const output: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d));
    child.stderr?.on('data', (d: Buffer) => output.push(d));
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (output.length) process.stderr.write(Buffer.concat(output));
      say(`${step} : ${took(performance.now() - started, load)}${code ? ` (code ${code})` : ''}`);
      resolve(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const suiteStarted = performance.now();
  const suiteLoad = watchMachineLoad();
  // The runtime the whole suite runs on (README « Démarrer »: npm's scripts use the Node that npm install brings).
  say(`Node ${process.versions.node}.`);
  const runId = `ect_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let cluster: Cluster | null = null;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    say('serveur PostgreSQL : DATABASE_URL (bases jetables créées puis supprimées).');
  } else {
    cluster = { root: fs.mkdtempSync(path.join(os.tmpdir(), 'educonnect-test-')), user: 'educonnect' };
    fs.chmodSync(cluster.root, 0o755);
    adminUrl = await acquireCluster(cluster, 'postgres');
    say(`PostgreSQL embarqué jetable : ${cluster.root}`);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const created: string[] = [];
  const createDb = async (name: string, template?: string) => {
    await admin.query(
      `create database ${pg.escapeIdentifier(name)}${template ? ` template ${pg.escapeIdentifier(template)}` : ''}`,
    );
    created.push(name);
    return databaseUrl(adminUrl, name);
  };
  let failures = 0;
  try {
    const template = `${runId}_tpl`;
    await migrateAll(await createDb(template));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [TEST_ADMIN_URL]: adminUrl,
      [TEST_TEMPLATE]: template,
      EDUCONNECT_DEMO: '1',
      NODE_ENV: 'test',
      // Secrets of this run only: the tests never read nor write the demo's .data/secrets.json.
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      ACCOUNT_SECRET_KEY: randomBytes(32).toString('base64'),
      STANDIN_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    };
    delete env.DATABASE_URL;
    const vitest = path.join(projectRoot, 'node_modules/vitest/vitest.mjs');
    const bin = (p: string) => path.join(projectRoot, 'node_modules', p);
    const node = (step: string, args: string[], quiet = false, stepEnv = env) =>
      run(step, process.execPath, args, stepEnv, quiet);
    // Two lanes side by side, one per core (each step below uses about one): the build of the
    // application for the end-to-end part, then the type check (which reads the route types the
    // build generates, so the build need not check them again); and the style checks, then the unit
    // tests.
    const buildThenTypes = async () => {
      let failed = 0;
      if (want('e2e') && buildIsStale()) {
        const env = buildEnv(process.env, { typesCheckedElsewhere: want('types') });
        trimDsfrStyles();
        failed += (await node('next build', [NEXT_BIN, 'build'], true, env)) ? 1 : 0;
      } else if (want('types')) failed += (await node('next typegen', [NEXT_BIN, 'typegen'], true)) ? 1 : 0;
      if (want('types'))
        failed += (await node('tsc', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], true)) ? 1 : 0;
      return failed;
    };
    const styleThenUnit = async () => {
      let failed = 0;
      if (want('style')) {
        failed += (await node('prettier', [bin('prettier/bin/prettier.cjs'), '--check', '.'], true)) ? 1 : 0;
        failed += (await node('eslint', [bin('eslint/bin/eslint.js'), '--max-warnings=0', '.'], true)) ? 1 : 0;
      }
      if (want('unit')) failed += (await node('unit', [vitest, 'run', '--project', 'unit'])) ? 1 : 0;
      return failed;
    };
    for (const failed of await Promise.all([buildThenTypes(), styleThenUnit()])) failures += failed;
    if (want('integration'))
      failures += (await node('integration', [
        vitest,
        'run',
        '--project',
        'integration',
        ...(process.env.TEST_FILTER ?? '').split(' ').filter(Boolean),
      ]))
        ? 1
        : 0;
    if (want('e2e')) {
      const e2eDb = await createDb(`${runId}_e2e`, template);
      const playwright = path.join(projectRoot, 'node_modules/@playwright/test/cli.js');
      const e2eEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: e2eDb };
      delete (e2eEnv as Record<string, string | undefined>).NODE_ENV;
      const filter = process.env.E2E_FILTER ? [process.env.E2E_FILTER] : [];
      failures += (await node('e2e', [playwright, 'test', ...filter], false, e2eEnv)) ? 1 : 0;
    }
  } finally {
    for (const name of created.reverse()) {
      await admin
        .query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)
        .catch((e) => say(`suppression de ${name} impossible : ${(e as Error).message}`));
    }
    // Databases cloned by the test files themselves, if a file was interrupted.
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `${runId}%`,
    ]);
    for (const r of rows)
      await admin
        .query(`drop database if exists ${pg.escapeIdentifier(r.datname)} with (force)`)
        .catch(() => undefined);
    await admin.end();
    if (cluster) await releaseCluster(cluster, { remove: true });
  }
  const total = took(performance.now() - suiteStarted, suiteLoad, 's en tout');
  say(failures ? `${failures} partie(s) en échec (${total}).` : `tout est passé (${total}).`);
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    say(`échec : ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
