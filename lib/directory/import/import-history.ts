import 'server-only';
import { db } from '@/lib/db';
import type { ImportSummary } from './summary';

export interface ImportHistoryEntry {
  id: number;
  source: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  /** The summary of a successful import (counts, duration). */
  summary: ImportSummary | null;
  /** Why an import was refused (the file, the line and the problem). */
  error: string | null;
}

/** The latest import attempts, newest first (`npm run cli -- imports`), refused ones included. */
export async function importHistory(limit = 20): Promise<ImportHistoryEntry[]> {
  const rows = await db.directoryImport.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    outcome: r.outcome,
    summary: (r.counts as ImportSummary | null) ?? null,
    error: r.error,
  }));
}
