import fs from 'node:fs';
import path from 'node:path';
import { formatSummary, importDirectory } from '@/lib/directory/import/import-directory';
import { importSetAside } from '@/lib/directory/import/import-history';
import { listExportFiles } from '@/lib/directory/import/list-files';
import { describeSetAside } from '@/lib/directory/import/set-aside';
import { defineTask } from './define';

const SET_ASIDE_LOGGED = 200;

/**
 * Nightly directory import (guide §1.5): imports the export lying in AAF_IMPORT_DIR, then moves
 * its files to `archives/<import n°>/` so that the next night does not apply them again. A refused
 * export stays where it is, and the job fails with the importer's message (file, line, problem). Records set aside are
 * logged one by one (a warning each).
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
  // Each record set aside, for the operator who reads the night's log (all of them: `cli imports --id`).
  const shown = await importSetAside(summary.importId, SET_ASIDE_LOGGED);
  for (const r of shown) logger.warn(`mis de côté : ${describeSetAside(r)}`);
  if (summary.misDeCote > shown.length) {
    logger.warn(`… et ${summary.misDeCote - shown.length} autre(s) : npm run cli -- imports --id ${summary.importId}`);
  }
  const archive = path.join(dir, 'archives', String(summary.importId));
  fs.mkdirSync(archive, { recursive: true });
  for (const f of files) fs.renameSync(f, path.join(archive, path.basename(f)));
});
