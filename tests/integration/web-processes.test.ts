/**
 * The web server of a node as several processes on one port (scripts/web-processes.ts), with a small
 * server in place of Next.js: every process serves, a process that dies is replaced, processes that
 * keep dying at start end the server with their code, SIGTERM stops them all.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webProcessCount } from '@/scripts/web-processes';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const root = path.resolve(__dirname, '../..');
const PORT = 3890 + Number(process.env.VITEST_POOL_ID ?? 0);
const url = `http://localhost:${PORT}`;
let primary: ChildProcess | null = null;
let output = '';

function startPrimary(count: number, env: Record<string, string> = {}) {
  output = '';
  primary = spawn(
    process.execPath,
    [...TS_ENTRY_NODE_ARGS, 'tests/support/web-processes-primary.ts'].concat([String(PORT), String(count)]),
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  primary.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((r) => primary!.once('exit', (code) => r(code)));
  return { exited };
}

/** The pid of the process that served one request, or null while none listens. */
async function servedBy(): Promise<number | null> {
  try {
    return Number(await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).text());
  } catch {
    return null;
  }
}

/** The distinct processes that served `n` requests, waiting for the server to answer first. */
async function serving(n = 12): Promise<Set<number>> {
  for (let i = 0; i < 150 && (await servedBy()) === null; i++) await new Promise((r) => setTimeout(r, 100));
  const pids = new Set<number>();
  for (let i = 0; i < n; i++) {
    const pid = await servedBy();
    if (pid) pids.add(pid);
  }
  return pids;
}

/** The processes serving, once `count` of them do (a process starts in its own time). */
async function allServing(count: number): Promise<Set<number>> {
  let pids = new Set<number>();
  await expect.poll(async () => (pids = await serving(4 * count)).size, { timeout: 20_000, interval: 100 }).toBe(count);
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `npm run web` with `env`, run to its end (it is expected to refuse to start). */
const refusedWeb = (env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'scripts/web.ts'], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });

afterEach(() => {
  if (primary?.exitCode === null) primary.kill('SIGKILL');
  primary = null;
});

describe('le serveur web en plusieurs processus', () => {
  it('chaque processus sert ; un processus tué est remplacé ; SIGTERM les arrête tous', async () => {
    const { exited } = startPrimary(2);
    const first = await allServing(2);
    expect(output).toContain('serveur web : 2 processus (WEB_PROCESSES).');

    const [killed] = first;
    process.kill(killed, 'SIGKILL');
    let now = new Set<number>();
    for (let i = 0; i < 50; i++) {
      now = await serving(8);
      if (now.size === 2 && !now.has(killed)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(now.size).toBe(2);
    expect(now.has(killed)).toBe(false);
    expect(output).toContain('un processus du serveur web s’est arrêté (signal SIGKILL) : il est remplacé.');

    primary!.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of now) expect(alive(pid)).toBe(false);
    expect(await servedBy()).toBeNull();
  });

  it('le processus principal tué, les autres s’arrêtent avec lui : rien ne garde le port', async () => {
    const { exited } = startPrimary(2);
    const pids = await allServing(2);
    primary!.kill('SIGKILL');
    await exited;
    await expect.poll(() => [...pids].filter(alive).length, { timeout: 10_000 }).toBe(0);
    expect(await servedBy()).toBeNull();
  });

  it('un processus qui s’arrête de lui-même est remplacé aussi', async () => {
    const { exited } = startPrimary(1);
    const [pid] = await serving(1);
    await fetch(`${url}/arret`).catch(() => undefined);
    const [next] = await serving(1);
    expect(next).not.toBe(pid);
    expect(output).toContain('(code 4) : il est remplacé.');
    primary!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('des processus qui meurent au démarrage arrêtent le serveur avec leur code, sans boucler', async () => {
    const { exited } = startPrimary(2, { FIXTURE_START_FAILS: '1' });
    expect(await exited).toBe(3);
    expect(output).toContain('le serveur web s’arrête : 3 processus sont morts au démarrage (dernier : code 3).');
  });

  it('WEB_PROCESSES : un par cœur par défaut ; une valeur refusée arrête `npm run web` en le disant', () => {
    expect(webProcessCount({})).toBe(os.availableParallelism());
    expect(webProcessCount({ WEB_PROCESSES: '0' })).toBe(os.availableParallelism());
    expect(webProcessCount({ WEB_PROCESSES: '3' })).toBe(3);
    const r = refusedWeb({ ...process.env, WEB_PROCESSES: 'deux' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'configuration : WEB_PROCESSES attend un nombre entier entre 0 et 64 (reçu : « deux »).',
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('`npm run web` en production vérifie la configuration comme `npm start`', () => {
    const r = refusedWeb({ PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: 'postgresql://localhost/x' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('configuration : Variables manquantes en production : AUTH_SECRET, ACCOUNT_SECRET_KEY');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
