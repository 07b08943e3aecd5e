import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { acquireCluster, releaseCluster, type Cluster } from '@/lib/database/embedded-postgres';
import { projectRoot } from '@/lib/config/paths';

/** A PostgreSQL server for a benchmark: DATABASE_URL's, or a throwaway embedded one. */
export async function benchServer(): Promise<{
  adminUrl: string;
  dbUrl(name: string): string;
  createDb(name: string): Promise<string>;
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
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/node-hooks.mjs', file, ...args], {
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
export const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
