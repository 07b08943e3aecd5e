/**
 * The directory import (DESIGN.md §7, guide §1.3.1, §1.4, §1.5): an AAF export becomes schools,
 * classes, pupils, guardians, legal-guardian relations, agents and pre-created accounts.
 * All or nothing: staged by COPY, checked, then merged in ONE transaction; any refusal rolls
 * everything back and is recorded. Each phase has its file in this folder.
 */
import { suspendChecksWhenEmpty } from '@/lib/directory/import/bulk-load';
import { checkExport } from '@/lib/directory/import/check-export';
import type { ImportContext } from '@/lib/directory/import/context';
import { createAccounts } from '@/lib/directory/import/create-accounts';
import { detachAbsent, findDepartures } from '@/lib/directory/import/detach-absent';
import { detachmentLimits, guardDetachments } from '@/lib/directory/import/detachment-guard';
import { importRefused } from '@/lib/directory/import/errors';
import { openImportRecord } from '@/lib/directory/import/import-record';
import { describeSetAside, saveSetAside, setAsideConflicts, setAsideMaxShare } from '@/lib/directory/import/set-aside';
import { classifyExport } from '@/lib/directory/import/list-files';
import { mergeAgents } from '@/lib/directory/import/merge-agents';
import { mergeGuardians } from '@/lib/directory/import/merge-guardians';
import { mergeLinks } from '@/lib/directory/import/merge-links';
import { mergePupils } from '@/lib/directory/import/merge-pupils';
import { mergeSchools } from '@/lib/directory/import/merge-schools';
import { stageExport } from '@/lib/directory/import/stage-pool';
import { exportFigures, type ImportSummary } from '@/lib/directory/import/summary';
import { isDomainError } from '@/lib/errors';
import { newPgClient } from '@/lib/database/pg-client';

export { formatSummary, type ImportSummary } from '@/lib/directory/import/summary';

export interface ImportOptions {
  connectionString: string;
  /** Files or folders; folders are read for `*.xml` files. */
  paths: string[];
  /** Forces full or delta; by default the file names say (`_Complet_`). */
  mode?: 'complet' | 'delta';
  progress?: (message: string) => void;
  /** Lets a full export detach more than the limits of detachment-guard.ts (a real mass change). */
  force?: boolean;
}

/** One import at a time on a database. */
const IMPORT_LOCK = 72707370;

export async function importDirectory(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const progress = opts.progress ?? (() => undefined);
  const limits = detachmentLimits();
  const maxSetAside = setAsideMaxShare();
  const record = await openImportRecord(opts.connectionString, opts.paths.join(' '));
  const client = newPgClient({ connectionString: opts.connectionString });
  let inTransaction = false;
  try {
    const { files, mode } = classifyExport(opts.paths, opts.mode);
    const ctx: ImportContext = { client, mode, files: files.map((f) => f.file), progress };
    await client.connect();
    await client.query(`set temp_buffers = '512MB'; set work_mem = '256MB'; begin`);
    inTransaction = true;
    if (!(await client.query('select pg_try_advisory_xact_lock($1) as ok', [IMPORT_LOCK])).rows[0].ok) {
      throw importRefused('un autre import est en cours sur cette base');
    }
    const dead = await record.closeDeadAttempts();
    if (dead) progress(`${dead} import(s) interrompu(s) auparavant : marqué(s) en échec, tables de travail effacées`);
    await record.createStagingTables();
    const warnings = await stageExport(ctx, { importId: record.id, connectionString: opts.connectionString, files });
    await checkExport(ctx);
    const setAside = await setAsideConflicts(ctx, maxSetAside);
    await mergeSchools(ctx);
    const restoreChecks = await suspendChecksWhenEmpty(client);
    if (restoreChecks) progress('annuaire vide : clés étrangères et index reconstruits après le chargement');
    ctx.bulkLoad = !!restoreChecks;
    await mergePupils(ctx);
    const { comptesMisAJour, comptesCrees: pourLesNouveaux } = await mergeGuardians(ctx);
    await findDepartures(ctx);
    await guardDetachments(ctx, { force: opts.force ?? false, limits });
    const { comptesDetaches } = await detachAbsent(ctx);
    await mergeLinks(ctx);
    if (restoreChecks) {
      progress('index et clés étrangères');
      await restoreChecks();
    }
    const comptesCrees = pourLesNouveaux + (await createAccounts(ctx)).comptesCrees;
    await mergeAgents(ctx);
    const figures = await exportFigures(ctx);
    await saveSetAside(ctx, record.id);
    progress('validation de la transaction');
    await client.query('commit');
    inTransaction = false;
    const summary: ImportSummary = {
      ...{ importId: record.id, mode, files: files.length, ...figures },
      ...{ comptesCrees, comptesMisAJour, comptesDetaches, misDeCote: setAside.length },
      ...{ avertissements: warnings, dureeMs: Date.now() - started },
    };
    await record.succeeded(summary);
    for (const r of setAside) progress(`mis de côté : ${describeSetAside(r)}`);
    return summary;
  } catch (e) {
    if (inTransaction) await client.query('rollback').catch(() => undefined);
    const refusal = isDomainError(e, 'IMPORT_REFUSED')
      ? e
      : importRefused(`erreur inattendue : ${(e as Error).message}`);
    await record.failed(refusal.message);
    throw refusal;
  } finally {
    await client.end().catch(() => undefined);
    await record.close();
  }
}
