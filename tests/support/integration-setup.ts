/**
 * Every integration test file gets its own database (a clone of the migrated template), exposed
 * as DATABASE_URL before any lib/ module opens a connection, and dropped at the end, with the
 * AAF exports its tests wrote.
 */
import { afterAll } from 'vitest';
import { createTestDatabase } from './database';

process.env.ACCOUNT_SECRET_KEY ??= Buffer.alloc(32, 7).toString('base64');
process.env.EDUCONNECT_DEMO ??= '1';

const testDb = await createTestDatabase();
process.env.DATABASE_URL = testDb.url;

afterAll(async () => {
  (await import('./aaf-fixture')).removeWrittenExports();
  const { disconnectDb } = await import('@/lib/db');
  await disconnectDb();
  await testDb.drop();
});
