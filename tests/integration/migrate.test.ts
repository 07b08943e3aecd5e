import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestClient } from '@/tests/support/pg-client';
import { databaseUrl, TEST_ADMIN_URL } from '@/tests/support/test-env';
import { listMigrations, migrate } from '@/lib/database/migrate';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const root = path.resolve(__dirname, '../..');

/** `npm run cli -- db:migrate` as a deployment's second process would run it. */
function migrateProcess(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/cli.ts', 'db:migrate'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const db = useTestClient();

describe('migrations', () => {
  it('sont enregistrées dans _prisma_migrations comme Prisma le fait (nom, somme SHA-256, fin)', async () => {
    const { rows } = await db().query(
      `select migration_name, checksum, finished_at, rolled_back_at, applied_steps_count
         from "_prisma_migrations" order by migration_name`,
    );
    const files = listMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, f] of files.entries()) {
      expect(rows[i].checksum).toBe(createHash('sha256').update(f.sql).digest('hex'));
      expect(rows[i].finished_at).toBeInstanceOf(Date);
      expect(rows[i].rolled_back_at).toBeNull();
      expect(rows[i].applied_steps_count).toBe(1);
    }
  });

  it('une seconde exécution n’applique rien', async () => {
    const r = await migrate(process.env.DATABASE_URL!);
    expect(r.applied).toEqual([]);
    expect(r.alreadyApplied).toBe(listMigrations().length);
  });

  it('refuse une migration modifiée après application', async () => {
    await db().query(`update "_prisma_migrations" set checksum = 'x' where migration_name = $1`, [
      listMigrations()[0].name,
    ]);
    await expect(migrate(process.env.DATABASE_URL!)).rejects.toThrow(/a été modifiée après avoir été appliquée/);
  });

  it('deux processus qui migrent une base vide en même temps : chaque migration appliquée une fois', async () => {
    const admin = new pg.Client({ connectionString: process.env[TEST_ADMIN_URL] });
    await admin.connect();
    const name = `migrate_twice_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${name}`);
    try {
      const url = databaseUrl(process.env[TEST_ADMIN_URL]!, name);
      const [a, b] = await Promise.all([migrateProcess(url), migrateProcess(url)]);
      expect([a.code, b.code], a.out + b.out).toEqual([0, 0]);
      const applied = [a, b].map((r) => Number(/(\d+) migration\(s\) appliquée\(s\)/.exec(r.out)![1]));
      expect(applied.reduce((x, y) => x + y)).toBe(listMigrations().length);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const { rows } = await c.query(`select migration_name, count(*)::int as n from "_prisma_migrations"
                                         group by 1 order by 1`);
        expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
        expect(rows.every((r) => r.n === 1)).toBe(true);
        // graphile-worker's own schema came through the same two processes.
        const jobs = await c.query(`select count(*)::int as n from graphile_worker.jobs`);
        expect(jobs.rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
