/**
 * The embedded PostgreSQL is shared by the commands running at the same time: the last one to
 * leave stops it, and a Ctrl-C in the terminal of the one that started it does not reach it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireCluster, canConnect, clusterUrl, releaseCluster } from '@/lib/database/embedded-postgres';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'educonnect-shared-'));
fs.chmodSync(root, 0o755);
const cluster = { root, user: 'educonnect' };
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const canQuery = canConnect;

describe('PostgreSQL embarqué partagé', () => {
  it('reste en marche tant qu’une commande le tient, s’arrête avec la dernière', async () => {
    const url = await acquireCluster(cluster, 'premier');
    expect(await canQuery(url)).toBe(true);

    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../support/cluster-holder.ts'), root],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
        cwd: path.resolve(__dirname, '../..'),
      },
    );
    const holderUrl = await new Promise<string>((resolve, reject) => {
      holder.stdout.once('data', (d) => resolve(String(d).trim()));
      holder.once('exit', (code) => reject(new Error(`le second processus s'est arrêté (${code})`)));
    });
    // Same server: same port.
    expect(new URL(holderUrl).port).toBe(new URL(url).port);

    await releaseCluster(cluster);
    expect(await canQuery(url)).toBe(true);
    expect(clusterUrl(cluster, 'premier')).not.toBeNull();

    holder.stdin.end();
    await new Promise((r) => holder.once('exit', r));
    expect(clusterUrl(cluster, 'premier')).toBeNull();
    expect(await canQuery(url)).toBe(false);

    // A new command starts it again, with the data kept.
    const again = await acquireCluster(cluster, 'premier');
    expect(await canQuery(again)).toBe(true);
    await releaseCluster(cluster);
  });
});
