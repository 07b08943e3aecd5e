import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestClient } from '@/tests/support/pg-client';
import { listMigrations, migrate } from '@/lib/database/migrate';

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
});
