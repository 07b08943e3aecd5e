import path from 'node:path';
import type pg from 'pg';
import { importRefused } from '@/lib/directory/import/errors';

/**
 * What every phase of one import shares: the connection holding the import's transaction, the
 * mode, the files (for messages), and the progress callback. The staged rows are read through
 * the temporary views `stg_school`, `stg_agent`, `stg_pupil`, `stg_guardian`.
 */
export interface ImportContext {
  client: pg.Client;
  mode: 'complet' | 'delta';
  files: string[];
  progress: (message: string) => void;
  /**
   * Set when the directory was empty and its indexes and keys are suspended until the merges end
   * (bulk-load.ts): there is nothing to update or delete, and guardian_link has no key to conflict on.
   */
  bulkLoad?: boolean;
}

/** Refuses the export with the first row `sql` returns (which must have `file` and `line`). */
export async function refuseIfAny(
  ctx: ImportContext,
  sql: string,
  message: (row: Record<string, unknown>) => string,
): Promise<void> {
  const { rows } = await ctx.client.query(sql + ' limit 1');
  if (rows.length) {
    const row = rows[0];
    throw importRefused(message(row), fileName(ctx, Number(row.file)), Number(row.line));
  }
}

export const fileName = (ctx: ImportContext, index: number) => path.basename(ctx.files[index]);

/**
 * Fresh planner statistics for the tables of `tables` that this transaction grew by more than a
 * tenth (or that were never analysed, as after a first import): the next phases join them, and a
 * table just grown from nothing would be planned as empty. A delta or an unchanged export adds
 * little, and their statistics stay those of the night before (autovacuum's own threshold is the
 * same tenth); `analyze` of the pupils and guardians cost 1.1 s of a 2 % delta. The counts come from
 * pg_stat_xact_all_tables, what this connection has not yet reported: its current transaction's rows
 * when, as an import's, the connection did nothing before it.
 */
export async function analyzeWhereGrown(client: pg.Client, tables: string[]): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `select c.oid::regclass::text as name
       from pg_class c join pg_stat_xact_all_tables x on x.relid = c.oid
      where c.oid = any($1::regclass[]) and (c.reltuples < 0 or x.n_tup_ins > 0.1 * c.reltuples)`,
    [tables],
  );
  if (rows.length) await client.query(rows.map((r) => `analyze ${r.name}`).join('; '));
}
