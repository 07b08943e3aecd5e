import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import { acquireCluster, releaseCluster, type Cluster } from '@/lib/database/embedded-postgres';
import { projectRoot } from '@/lib/config/paths';
import type { ImportSummary } from '@/lib/directory/import/import-directory';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';
import { describeMachineLoad, watchMachineLoad } from '@/scripts/machine-load';
import { buildApp } from '@/scripts/next-build';
export { describeMachineLoad, watchMachineLoad, type MachineLoad } from '@/scripts/machine-load';

/** A PostgreSQL server for a benchmark: DATABASE_URL's, or a throwaway embedded one. */
export async function benchServer(): Promise<{
  adminUrl: string;
  dbUrl(name: string): string;
  createDb(name: string): Promise<string>;
  dropDb(name: string): Promise<void>;
  close(): Promise<void>;
}> {
  let cluster: Cluster | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    cluster = { root: fs.mkdtempSync(path.join(os.tmpdir(), 'educonnect-bench-')), user: 'educonnect' };
    fs.chmodSync(cluster.root, 0o755);
    adminUrl = await acquireCluster(cluster, 'postgres');
  }
  const dbUrl = (name: string) => {
    const u = new URL(adminUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const created: string[] = [];
  return {
    adminUrl,
    dbUrl,
    async createDb(name) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await c.query(`create database ${pg.escapeIdentifier(name)}`);
      await c.end();
      created.push(name);
      return dbUrl(name);
    },
    async dropDb(name) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await c.end();
      if (created.includes(name)) created.splice(created.indexOf(name), 1);
    },
    async close() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      for (const n of created) await c.query(`drop database if exists ${pg.escapeIdentifier(n)} with (force)`);
      await c.end();
      if (cluster) await releaseCluster(cluster, { remove: true });
    },
  };
}

/** Runs a TypeScript file of the project in a child process and returns its last stdout line as JSON. */
export function runChild<T>(file: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_ENTRY_NODE_ARGS, file, ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${file} : code ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T);
      } catch (e) {
        reject(e);
      }
    });
  });
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One import of the export in `dir` into `url`, in a process of its own (run-import.ts, so that peak
 * memory is the import's), with what the machine's processors did meanwhile: a stolen share slows
 * the merges more than the floor's reading (docs/BENCHMARKS.md).
 */
export async function timedImport(url: string, dir: string) {
  const load = watchMachineLoad();
  const r = await runChild<{ summary: ImportSummary; maxRssMb: number; phases: { phase: string; ms: number }[] }>(
    'tests/bench/run-import.ts',
    [url, dir],
  );
  return { ...r, processeurs: load() };
}

/** « 74.9 s, 432 Mo ; processeurs : occupés …, volés … % » */
export const importTold = (r: Awaited<ReturnType<typeof timedImport>>) =>
  `${seconds(r.summary.dureeMs)}, ${r.maxRssMb} Mo ; ${describeMachineLoad(r.processeurs)}`;
export const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/**
 * The built service as `npm run web` serves it (production, no demo), answering on `readyPath`; build
 * first if there is no build (`build: true`) or refuse. `stop()` ends it and waits for its exit.
 */
export async function startNextServer({
  port,
  env,
  readyPath,
  build = false,
}: {
  port: number;
  env: Record<string, string>;
  readyPath: string;
  build?: boolean;
}): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  if (!fs.existsSync(path.join(projectRoot, '.next', 'BUILD_ID'))) {
    if (!build) throw new Error('lancez d’abord `npm run build`');
    process.stderr.write('construction (next build)…\n');
    await buildApp(process.env);
  }
  const base = `http://localhost:${port}`;
  // The server runs with the options `npm start` gives it. BENCH_SERVER_PROFILE=dir: the server's
  // CPU profile (node --cpu-prof) written there when it stops.
  const profile = process.env.BENCH_SERVER_PROFILE;
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const server = spawn(
    process.execPath,
    [...nodeArgs, ...TS_ENTRY_NODE_ARGS, 'scripts/web.ts'].concat(['-p', String(port), '-H', 'localhost']),
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        ...{ EDUCONNECT_DEMO: '0', NODE_ENV: 'production', AUTH_URL: base },
        // What a production node cannot start without (its agents' provider is never asked here).
        ...{
          AGENT_OIDC_ISSUER: `${base}/agents`,
          EDUCONNECT_EDITEUR: 'Banc de mesure',
          EDUCONNECT_CONTACT: 'banc@exemple.fr',
          SMTP_URL: 'smtp://relais.exemple.fr:587',
          MAIL_FROM: 'Banc de mesure <ne-pas-repondre@exemple.fr>',
          SMS_GATEWAY_URL: 'https://sms.exemple.fr/envoi',
        },
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const closed = new Promise<void>((r) => server.once('close', () => r()));
  const stop = () => {
    server.kill('SIGTERM');
    return closed;
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base + readyPath)).ok) return { base, pid: server.pid!, stop };
    } catch {
      /* not yet */
    }
    if (i > 300) {
      await stop();
      throw new Error('next start ne répond pas');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * CPU time used so far by the web server `pid` — its processes, one per core (scripts/web.ts) — and by
 * every PostgreSQL process of the machine (ms): read before and after a phase, the difference is what
 * the phase cost each side, whatever the other tenants of the machine did to the wall clock. Each
 * process's /proc/PID/stat is read once (Linux): its command, its parent, and the CPU it and its ended
 * children used.
 */
export function serverCpuMs(pid: number): { web: number; postgres: number } {
  let postgres = 0;
  const cpu = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // « pid (command) state ppid … »: after the command's closing parenthesis, the parent is the 2nd
    // field, utime and stime the 12th and 13th, the ended children's cutime and cstime the 14th and 15th
    // (clock ticks, 100 per second).
    const close = stat.lastIndexOf(') ');
    const fields = stat.slice(close + 2).split(' ');
    const ms = (+fields[11] + +fields[12] + +fields[13] + +fields[14]) * 10;
    cpu.set(entry, ms);
    if (stat.slice(stat.indexOf('(') + 1, close) === 'postgres') postgres += ms;
    children.set(fields[1], [...(children.get(fields[1]) ?? []), entry]);
  }
  const tree = (p: string): number => (cpu.get(p) ?? 0) + (children.get(p) ?? []).reduce((t, c) => t + tree(c), 0);
  return { web: tree(String(pid)), postgres };
}

/** The p-th percentile of sorted values (nearest rank), to 0.1. */
export const percentile = (sorted: number[], p: number) =>
  +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);

/**
 * The portal's sign-in form as the browser sends it without JavaScript: React's hidden fields.
 * `asReactSends` turns them into the request React makes when JavaScript runs (what almost every
 * parent's browser sends): the same action called by `fetch`, whose answer, after the action's
 * redirect, carries the next page rendered by the server (Next fetches it from itself).
 */
export const signInFormFields = (base: string) => formFields(`${base}/connexion`, 'Avec mon identifiant');

/**
 * The hidden fields of the first form of a page after `marker` (its server action's), as a browser
 * without JavaScript posts them.
 */
export async function formFields(url: string, marker = ''): Promise<[string, string][]> {
  const html = await (await fetch(url)).text();
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html.slice(Math.max(0, html.indexOf(marker))))?.[1] ?? '';
  const hidden = [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map(
    (m) => [m[1], (m[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&')] as [string, string],
  );
  if (!hidden.some(([n]) => n.startsWith('$ACTION'))) throw new Error(`formulaire introuvable : ${url}`);
  return hidden;
}

/** The sign-in action's request as React sends it from the page (`useActionState`, JavaScript on). */
export function asReactSends(fields: [string, string][], identifiant: string, password: string) {
  const bound = fields.find(([n]) => /^\$ACTION_\d+:0$/.test(n))?.[1] ?? '';
  const actionId = /"id":"([0-9a-f]+)"/.exec(bound)?.[1];
  if (!actionId) throw new Error('identifiant de l’action de connexion introuvable');
  const body = new FormData();
  for (const [n, v] of fields) body.append(`_1_${n}`, v);
  body.append('_1_identifiant', identifiant);
  body.append('_1_password', password);
  body.append('0', '[null,"$K1"]');
  // The router state of /connexion, as the page's router sends it.
  const tree = [
    '',
    {
      children: [
        '(portail)',
        { children: ['connexion', { children: ['__PAGE__', {}, null, null, 0] }, null, null, 0] },
        null,
        null,
        0,
      ],
    },
    null,
    null,
    16,
  ];
  const headers = {
    'next-action': actionId,
    'next-router-state-tree': encodeURIComponent(JSON.stringify(tree)),
    accept: 'text/x-component',
  };
  return { body, headers };
}

/**
 * Whether the answer to `asReactSends` is a successful sign-in: the action's redirect names the
 * portal, and the answer carries the portal's page, rendered.
 */
export const signedInAsReact = (status: number, headers: Headers, text: string) =>
  status === 200 &&
  (headers.get('x-action-redirect') ?? '').startsWith('/mon-compte') &&
  (headers.get('content-type') ?? '').startsWith('text/x-component') &&
  text.includes('Mes enfants');

/**
 * A director's session as a sign-in opens it: its row (8 hours) through `c`, a client of the
 * service's database, and the signed token of the cookie `authjs.session-token` that names it.
 */
export async function directorSessionToken(c: pg.Client, agentId: number, secret: string): Promise<string> {
  const sid = randomBytes(24).toString('base64url');
  await c.query(`insert into agent_session (id, agent_id, expires_at) values ($1, $2, now() + interval '8 hours')`, [
    sid,
    agentId,
  ]);
  return encode({ token: { kind: 'agent', agentId, sid, sub: String(agentId) }, secret, salt: 'authjs.session-token' });
}
