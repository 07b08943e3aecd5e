import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** A plain client on the test file's database, opened before the tests and closed after. */
export function useTestClient(): () => pg.Client {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());
  return () => client;
}
