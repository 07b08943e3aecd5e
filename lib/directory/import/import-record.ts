/**
 * The record of one import attempt (`directory_import`), kept on a connection of its own, outside
 * the import's transaction: refused attempts are recorded too. The same connection creates the
 * staging tables (so that the loaders' connections see them) and drops them at the end.
 */
import pg from 'pg';
import { CATEGORIES } from '@/lib/directory/aaf/aaf-mapping';
import { createStagingTableSql, stagingTable } from '@/lib/directory/import/staging';

export interface ImportRecord {
  id: number;
  createStagingTables(): Promise<void>;
  succeeded(summary: object): Promise<void>;
  failed(message: string): Promise<void>;
  /** Drops the staging tables, whatever happened, and closes the connection. */
  close(): Promise<void>;
}

export async function openImportRecord(connectionString: string, source: string): Promise<ImportRecord> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  const { rows } = await c.query<{ id: number }>(`insert into directory_import (source) values ($1) returning id`, [
    source,
  ]);
  const id = rows[0].id;
  const finish = `update directory_import set finished_at = now()`;
  return {
    id,
    async createStagingTables() {
      for (const category of CATEGORIES) await c.query(createStagingTableSql(id, category));
    },
    async succeeded(summary) {
      await c.query(`${finish}, outcome = 'SUCCEEDED', counts = $2 where id = $1`, [id, JSON.stringify(summary)]);
    },
    async failed(message) {
      await c.query(`${finish}, outcome = 'FAILED', error = $2 where id = $1`, [id, message]).catch(() => undefined);
    },
    async close() {
      for (const category of CATEGORIES) {
        await c.query(`drop table if exists ${stagingTable(id, category)}`).catch(() => undefined);
      }
      await c.end().catch(() => undefined);
    },
  };
}
