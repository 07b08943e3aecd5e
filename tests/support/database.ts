import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl, TEST_ADMIN_URL, TEST_TEMPLATE } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function settings() {
  const admin = process.env[TEST_ADMIN_URL];
  const template = process.env[TEST_TEMPLATE];
  if (!admin || !template)
    throw new Error('Les tests d’intégration se lancent par « npm test » (qui prépare la base modèle).');
  return { admin, template };
}

/** A fresh, migrated database of its own, cloned from the harness's template. */
export async function createTestDatabase(label = 'it'): Promise<TestDatabase> {
  const { admin, template } = settings();
  const name = `${template}_${label}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // Cloning needs the template to have no other session; retry briefly when two files clone at once.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`);
        break;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
  return {
    name,
    url: databaseUrl(admin, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
