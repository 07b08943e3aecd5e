import fs from 'node:fs';
import path from 'node:path';
import { formatSummary, importDirectory } from '@/lib/directory/import/import-directory';
import { listExportFiles } from '@/lib/directory/import/list-files';
import { defineTask } from './define';

/**
 * Nightly directory import (guide §1.5): imports the export lying in AAF_IMPORT_DIR, then moves
 * its files to `archives/<import n°>/` so that the next night does not apply them again. A refused
 * export stays where it is, and the job fails with the importer's message (file, line, problem).
 */
export default defineTask('aaf-import-nightly', async (_payload, { logger }) => {
  const dir = process.env.AAF_IMPORT_DIR;
  if (!dir) {
    logger.warn("AAF_IMPORT_DIR n'est pas défini : pas d'import de l'annuaire cette nuit.");
    return;
  }
  const pending = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xml')) : [];
  if (!pending.length) {
    logger.info(`aucun export à importer dans ${dir}`);
    return;
  }
  const files = listExportFiles([dir]);
  const summary = await importDirectory({ connectionString: process.env.DATABASE_URL!, paths: files });
  logger.info(formatSummary(summary));
  const archive = path.join(dir, 'archives', String(summary.importId));
  fs.mkdirSync(archive, { recursive: true });
  for (const f of files) fs.renameSync(f, path.join(archive, path.basename(f)));
});
