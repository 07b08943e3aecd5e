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
