import fs from 'node:fs';
import path from 'node:path';
import { formatSummary, importDirectory } from '@/lib/directory/import/import-directory';
import { DIRECTORY_LATE_HOURS, importSetAside, lastSuccessfulImport } from '@/lib/directory/import/import-history';
import { formatDateTime } from '@/lib/format';
import { listExportFiles } from '@/lib/directory/import/list-files';
import { describeExport, pendingExports } from '@/lib/directory/import/pending-exports';
import { describeSetAside } from '@/lib/directory/import/set-aside';
import { defineTask } from './define';

const SET_ASIDE_LOGGED = 200;

/**
 * Nightly directory import (guide §1.5): imports the exports lying in AAF_IMPORT_DIR — one, or several
 * after a night missed, each on its own in the order of their dates (pending-exports.ts) — and moves
 * each one's files to `archives/<import n°>/` once it is applied, so that the next night does not
 * apply them again; an export that a later full export replaces goes to `archives/remplaces/<date>-<mode>/` without
 * being applied. A refused export stays where it is with those after it, and the job fails with the
 * importer's message (file, line, problem). Records set aside are logged one by one (a warning each).
 */
export default defineTask('aaf-import-nightly', async (_payload, { logger }) => {
  const dir = process.env.AAF_IMPORT_DIR;
  if (!dir) {
    logger.warn("AAF_IMPORT_DIR n'est pas défini : pas d'import de l'annuaire cette nuit.");
    return;
  }
  const pending = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xml')) : [];
  if (!pending.length) {
    // One night without a drop happens; two mean the delivery is broken and directors see stale data.
    const last = await lastSuccessfulImport();
    if (last && last.hours >= DIRECTORY_LATE_HOURS)
      logger.warn(
        `aucun export à importer dans ${dir}, et aucun import réussi depuis le ${formatDateTime(last.at)} ` +
          `(${Math.floor(last.hours)} h) : vérifier le dépôt de l'export AAF`,
      );
    else logger.info(`aucun export à importer dans ${dir}`);
    return;
  }
  const exports = pendingExports(listExportFiles([dir]));
  if (exports.length > 1)
    logger.info(`${exports.length} exports en attente : appliqués un à un, du plus ancien au plus récent`);
  for (const pendingExport of exports) {
    const { files } = pendingExport;
    if (pendingExport.replaced) {
      logger.info(
        `export ${describeExport(pendingExport)} remplacé par un export complet plus récent : ` +
          `rangé dans archives/remplaces/ sans être appliqué`,
      );
      archive(dir, path.join('remplaces', `${pendingExport.date}-${pendingExport.mode}`), files);
      continue;
    }
    const summary = await importDirectory({ connectionString: process.env.DATABASE_URL!, paths: files });
    logger.info(formatSummary(summary));
    // Each record set aside, for the operator who reads the night's log (all of them: `cli imports --id`).
    const shown = await importSetAside(summary.importId, SET_ASIDE_LOGGED);
    for (const r of shown) logger.warn(`mis de côté : ${describeSetAside(r)}`);
    if (summary.misDeCote > shown.length) {
      logger.warn(
        `… et ${summary.misDeCote - shown.length} autre(s) : npm run cli -- imports --id ${summary.importId}`,
      );
    }
    archive(dir, String(summary.importId), files);
  }
});

function archive(dir: string, folder: string, files: string[]) {
  const to = path.join(dir, 'archives', folder);
  fs.mkdirSync(to, { recursive: true });
  for (const f of files) fs.renameSync(f, path.join(to, path.basename(f)));
}
