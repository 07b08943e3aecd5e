import 'server-only';
import { db } from '@/lib/db';
import type { SetAsideRecord } from './set-aside';
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

/** When the last import that succeeded finished, and how many hours ago (null: none ever did). */
export async function lastSuccessfulImport(): Promise<{ at: Date; hours: number } | null> {
  const last = await db.directoryImport.findFirst({
    where: { outcome: 'SUCCEEDED' },
    orderBy: { finishedAt: 'desc' },
    select: { finishedAt: true },
  });
  if (!last?.finishedAt) return null;
  return { at: last.finishedAt, hours: (Date.now() - last.finishedAt.getTime()) / 3_600_000 };
}

/**
 * The directory is refreshed every night (guide §1.5): with no import succeeded for this long — two
 * nights missed — the AAF drop or the nightly job is broken, and directors work on stale data.
 */
export const DIRECTORY_LATE_HOURS = 48;

/** The latest import attempts, newest first (`npm run cli -- imports`), refused ones included; or one (`id`). */
export async function importHistory(limit = 20, id: number | null = null): Promise<ImportHistoryEntry[]> {
  const rows = await db.directoryImport.findMany({
    where: id === null ? undefined : { id },
    orderBy: { id: 'desc' },
    take: limit,
  });
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

/** The records an import set aside (file, line, reason), in the report's order. */
export async function importSetAside(importId: number, limit?: number): Promise<SetAsideRecord[]> {
  const rows = await db.directoryImportSetAside.findMany({
    where: { importId },
    orderBy: { position: 'asc' },
    take: limit,
  });
  return rows.map((r) => ({
    file: r.file,
    line: r.line,
    category: r.category as SetAsideRecord['category'],
    aafId: r.aafId,
    reason: r.reason,
  }));
}
