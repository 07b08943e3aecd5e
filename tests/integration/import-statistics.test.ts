import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { analyzeWhereGrown } from '@/lib/directory/import/context';

/**
 * The import refreshes the planner's statistics of a table only when its transaction grew it by
 * more than a tenth, or when the table was never analysed (DECISIONS « Planner statistics during an
 * import »). Each transaction on its own connection, as each import; autovacuum kept off the table,
 * so that nothing analyses it behind the test's back.
 */
const connect = async () => {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  return c;
};
const estimated = async (c: pg.Client) =>
  (await c.query<{ n: number }>(`select reltuples::int as n from pg_class where oid = 'grown'::regclass`)).rows[0].n;

afterAll(async () => {
  const c = await connect();
  await c.query('drop table if exists grown');
  await c.end();
});

it('analyse une table jamais analysée ou grossie de plus d’un dixième par la transaction, pas autrement', async () => {
  const first = await connect();
  await first.query('create table grown (x int) with (autovacuum_enabled = false)');
  await first.query('begin');
  await first.query('insert into grown select generate_series(1, 1000)');
  await analyzeWhereGrown(first, ['grown']);
  await first.query('commit');
  expect(await estimated(first)).toBe(1000);
  await first.end();

  const next = await connect();
  await next.query('begin');
  await next.query('insert into grown select generate_series(1, 60)');
  await analyzeWhereGrown(next, ['grown']);
  expect(await estimated(next)).toBe(1000);
  await next.query('insert into grown select generate_series(1, 60)');
  await analyzeWhereGrown(next, ['grown']);
  expect(await estimated(next)).toBe(1120);
  await next.query('commit');
  await next.end();
});
