/**
 * The exports waiting in the nightly drop folder (AAF_IMPORT_DIR), in the order they must be applied.
 * A night missed (the database in maintenance, an export refused and corrected the day after) leaves
 * several exports there: Monday's delta and Tuesday's, or a delta then Sunday's full export. Read as
 * one, they would look like a corrupt drop (the same pupil twice); each is applied on its own, in
 * the order of the dates in its files' names, and what a later full export replaces is not applied.
 */
import path from 'node:path';
import { classifyFile } from '@/lib/directory/aaf/aaf-mapping';

export interface PendingExport {
  /** AAAAMMJJ from the files' names (`…_Delta_20261201_Eleve_0000.xml`), or null when they carry none. */
  date: string | null;
  mode: 'complet' | 'delta' | null;
  files: string[];
  /** A full export of a later or the same date replaces it: archived without being applied. */
  replaced: boolean;
}

const DATED = /_(Complet|Delta)_(\d{8})_/i;

/**
 * The files of the drop grouped by export (mode and date), oldest first. Files whose names carry
 * no date, or that no group can claim, make one export of all the files: the importer then says
 * what is wrong with it, as it always has.
 */
export function pendingExports(files: string[]): PendingExport[] {
  const groups = new Map<string, PendingExport>();
  for (const file of files) {
    const name = path.basename(file);
    const m = DATED.exec(name);
    if (!m || !classifyFile(name)) return [{ date: null, mode: null, files, replaced: false }];
    const mode = m[1].toLowerCase() === 'complet' ? 'complet' : 'delta';
    const key = `${m[2]}:${mode}`;
    const group = groups.get(key) ?? { date: m[2], mode, files: [], replaced: false };
    group.files.push(file);
    groups.set(key, group);
  }
  // Oldest first; on one date, the full export before the delta (which the full one replaces).
  const ordered = [...groups.values()].sort(
    (a, b) => a.date!.localeCompare(b.date!) || (a.mode === 'complet' ? -1 : 1),
  );
  const lastFull = ordered.filter((g) => g.mode === 'complet').at(-1);
  for (const g of ordered) {
    if (lastFull && g !== lastFull && g.date! <= lastFull.date!) g.replaced = true;
  }
  return ordered;
}

/** « delta du 01-12-2026 », as the operator reads it in the night's log and in a refusal. */
export const describeExport = (e: PendingExport) =>
  `${e.mode} du ${e.date ? e.date.replace(/^(\d{4})(\d\d)(\d\d)$/, '$3-$2-$1') : 'jour non daté'}`;
