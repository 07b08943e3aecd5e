/**
 * Names shared by the test harness (scripts/test.ts) and the tests: the harness creates a migrated
 * template database, each integration test file clones it (CREATE DATABASE … TEMPLATE), so files
 * run in parallel on databases of their own and never touch the demo data.
 */
export const TEST_ADMIN_URL = 'EDUCONNECT_TEST_ADMIN_URL';
export const TEST_TEMPLATE = 'EDUCONNECT_TEST_TEMPLATE';

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
