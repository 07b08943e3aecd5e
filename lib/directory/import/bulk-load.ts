/**
 * A first import into an empty directory writes about a million rows that nobody reads yet.
 * Checking every row's foreign keys (a locking lookup of the row it points to) and growing the
 * other indexes row by row cost more than writing the rows (docs/BENCHMARKS.md); PostgreSQL's
 * own advice for a bulk load is to drop them and build them again afterwards: one sort per index,
 * one join per foreign key. Only when the directory's tables are empty — the DDL locks them until
 * the import commits, harmless when there is nothing to read — and inside the import's
 * transaction, so a refused import leaves them as they were. The definitions are read back from
 * the catalogue: they return exactly as the migrations made them.
 */
import type pg from 'pg';

/**
 * The tables the merges fill row by row (merge-pupils, merge-guardians with the accounts, merge-links),
 * and the director scope's rows that PostgreSQL's triggers derive from them.
 */
const TABLES = ['pupil', 'guardian', 'guardian_link', 'account', 'director_row'];
/** The tables whose primary key is built after the load rather than grown row by row. */
const KEYED_AFTER = ['guardian_link', 'director_row'];

/**
 * When pupil, guardian, guardian_link and account are all empty (and ours), drops their foreign keys and
 * every index, and returns what builds them again; otherwise returns null and changes nothing. The
 * primary keys of the tables whose ids a sequence gives stay (their rows arrive in key order, each
 * an append); those of guardian_link and director_row go too, as their rows arrive in no key order
 * (the links are then inserted without ON CONFLICT, merge-links.ts). The unique indexes on the
 * directory's ids and these two keys are redundant meanwhile: check-export.ts refuses an export that
 * repeats an id before anything is merged, the links are grouped by their key, and rebuilding them
 * checks again.
 */
export async function suspendChecksWhenEmpty(client: pg.Client): Promise<(() => Promise<void>) | null> {
  // Only the tables' owner may drop their keys and indexes: a deployment whose import runs under
  // another role keeps the ordinary path.
  const { rows } = await client.query<{ empty: boolean; owner: boolean }>(
    `select ${TABLES.map((t) => `not exists (select 1 from ${t})`).join(' and ')} as empty,
            (select bool_and(pg_has_role(relowner, 'USAGE')) from pg_class where oid = any($1::regclass[])) as owner`,
    [TABLES],
  );
  if (!rows[0].empty || !rows[0].owner) return null;
  const rebuild = await dropKeysAndIndexes(client);
  // The director scope's stored rows (migration 20261129070000_director_row): PostgreSQL's triggers
  // would recompute them after every merge statement; they are stored once, below, instead.
  await client.query(`set local educonnect.director_rows = 'deferred'`);
  return async () => {
    await client.query('reset educonnect.director_rows');
    // The accounts, never analysed, were planned as a thousand rows: the director scope's rows then
    // looked up 1.1 million pupils one by one (1.8 s) instead of hashing them.
    await client.query('analyze account');
    await client.query('insert into director_row select * from director_row_source order by school_id, pupil_id');
    await rebuild();
    await client.query('analyze director_row');
  };
}

/**
 * Drops the foreign keys and indexes of the directory's bulk-loaded tables (and the primary keys of
 * KEYED_AFTER) inside the caller's transaction; returns what builds them again. Also used by
 * `npm run bench:import`, which writes the rows of a first import by raw COPY in between.
 */
export async function dropKeysAndIndexes(client: pg.Client): Promise<() => Promise<void>> {
  // Primary keys first when they come back, foreign keys last (they need the keys they point at).
  const { rows: keys } = await client.query<{ tbl: string; name: string; def: string }>(
    `select conrelid::regclass::text as tbl, quote_ident(conname) as name, pg_get_constraintdef(oid) as def
       from pg_constraint
      where conrelid = any($1::regclass[]) and (contype = 'f' or (contype = 'p' and conrelid = any($2::regclass[])))
      order by contype = 'f', conname`,
    [TABLES, KEYED_AFTER],
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def
       from pg_index where indrelid = any($1::regclass[]) and not indisprimary order by 1`,
    [TABLES],
  );
  for (const k of [...keys].reverse()) await client.query(`alter table ${k.tbl} drop constraint ${k.name}`);
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  return async () => {
    for (const i of indexes) await client.query(i.def);
    for (const k of keys) await client.query(`alter table ${k.tbl} add constraint ${k.name} ${k.def}`);
  };
}
