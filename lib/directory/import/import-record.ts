/**
 * The record of one import attempt (`directory_import`), kept on a connection of its own, outside
 * the import's transaction: refused attempts are recorded too. The same connection creates the
 * staging tables (so that the loaders' connections see them) and drops them at the end.
 */
import { CATEGORIES } from '@/lib/directory/aaf/aaf-mapping';
import { FINGERPRINTED } from '@/lib/directory/aaf/record-fingerprint';
import {
  createRecognisedTableSql,
  createStagingTableSql,
  recognisedTable,
  stagingTable,
} from '@/lib/directory/import/staging';
import { newPgClient } from '@/lib/database/pg-client';

export interface ImportRecord {
  id: number;
  createStagingTables(): Promise<void>;
  /**
   * Attempts still « RUNNING » while this one holds the import lock died with their process (a
   * worker killed, a machine lost): they are marked failed and their staging tables dropped. Call
   * only under the import lock; done on this connection, so it stays even if this import fails.
   */
  closeDeadAttempts(): Promise<number>;
  succeeded(summary: object): Promise<void>;
  failed(message: string): Promise<void>;
  /** Drops the staging tables, whatever happened, and closes the connection. */
  close(): Promise<void>;
}

/** The work tables of one import: staged rows, and records recognised by their fingerprint. */
const tablesOf = (importId: number) => [
  ...CATEGORIES.map((c) => stagingTable(importId, c)),
  ...FINGERPRINTED.map((c) => recognisedTable(importId, c)),
];

export async function openImportRecord(connectionString: string, source: string): Promise<ImportRecord> {
  const c = newPgClient({ connectionString });
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
      for (const category of FINGERPRINTED) await c.query(createRecognisedTableSql(id, category));
    },
    async closeDeadAttempts() {
      const { rows: dead } = await c.query<{ id: number }>(
        `update directory_import set finished_at = now(), outcome = 'FAILED',
                error = 'import interrompu : le processus s''est arrêté avant la fin ; rien n''a été écrit'
          where outcome = 'RUNNING' and id <> $1 returning id`,
        [id],
      );
      for (const { id: deadId } of dead) {
        for (const table of tablesOf(deadId)) await c.query(`drop table if exists ${table}`);
      }
      return dead.length;
    },
    async succeeded(summary) {
      await c.query(`${finish}, outcome = 'SUCCEEDED', counts = $2 where id = $1`, [id, JSON.stringify(summary)]);
    },
    async failed(message) {
      await c.query(`${finish}, outcome = 'FAILED', error = $2 where id = $1`, [id, message]).catch(() => undefined);
    },
    async close() {
      for (const table of tablesOf(id)) await c.query(`drop table if exists ${table}`).catch(() => undefined);
      await c.end().catch(() => undefined);
    },
  };
}
