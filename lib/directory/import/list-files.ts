/** Phase « list files »: which files make the export, what they hold, full or delta. */
import fs from 'node:fs';
import path from 'node:path';
import { CATEGORIES, classifyFile, type AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import { importRefused } from '@/lib/directory/import/errors';
import { describeExport, pendingExports } from '@/lib/directory/import/pending-exports';

export function listExportFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw importRefused(`chemin introuvable : ${p}`);
    if (fs.statSync(p).isDirectory()) {
      for (const f of fs.readdirSync(p).sort()) if (f.toLowerCase().endsWith('.xml')) files.push(path.join(p, f));
    } else files.push(p);
  }
  if (!files.length) throw importRefused(`aucun fichier XML dans ${paths.join(', ')}`);
  return files;
}

export interface ExportFiles {
  files: { file: string; category: AafCategory }[];
  mode: 'complet' | 'delta';
}

/** The files of an export, each with its category; full or delta as the names say, unless forced. */
export function classifyExport(paths: string[], forced?: 'complet' | 'delta'): ExportFiles {
  const files = listExportFiles(paths).map((file) => {
    const c = classifyFile(path.basename(file));
    if (!c) {
      throw importRefused(
        'nom de fichier non reconnu (…_EtabEducNat_0000.xml, …_Eleve_0000.xml, …_PersRelEleve_0000.xml ' +
          'ou …_PersEducNat_0000.xml attendu)',
        path.basename(file),
      );
    }
    return { file, ...c };
  });
  const mode = forced ?? (files.every((c) => c.full) ? 'complet' : files.some((c) => c.full) ? null : 'delta');
  if (!mode) {
    throw importRefused(
      "l'export mêle des fichiers complets (_Complet_) et des fichiers delta : importez-les séparément",
    );
  }
  // Several days' exports given at once (a drop folder after a missed night): each must be applied on
  // its own, in order — read as one, a person changed on two days would look like a corrupt drop.
  const exports = pendingExports(files.map((f) => f.file));
  if (exports.length > 1) {
    throw importRefused(
      `ces fichiers forment ${exports.length} exports (${exports.map(describeExport).join(', ')}) : ` +
        "importez-les un à un, du plus ancien au plus récent (la tâche de nuit le fait d'elle-même)",
    );
  }
  if (mode === 'complet') {
    const missing = CATEGORIES.filter((cat) => !files.some((c) => c.category === cat));
    if (missing.length) {
      throw importRefused(
        `export complet incomplet : il manque les fichiers ${missing.join(', ')} ` +
          '(un export complet remplace tout ; sans eux, tout serait détaché)',
      );
    }
  }
  return { files: files.map(({ file, category }) => ({ file, category })), mode };
}
