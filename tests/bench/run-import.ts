/**
 * Child process of the import benchmark: one import, then its summary, peak memory and the time of
 * each phase (from the importer's progress messages; the files' reading and COPY count as one phase).
 */
import { importDirectory } from '@/lib/directory/import/import-directory';

const [url, ...paths] = process.argv.slice(2);
const phases: { phase: string; ms: number }[] = [];
let current = { phase: 'ouverture (verrou, tables de travail)', at: performance.now() };
const enter = (phase: string) => {
  if (phase === current.phase) return;
  phases.push({ phase: current.phase, ms: Math.round(performance.now() - current.at) });
  current = { phase, at: performance.now() };
};
const summary = await importDirectory({
  connectionString: url,
  paths,
  progress: (m) => {
    if (m.startsWith('mis de côté : ') || /^\d+ enregistrement/.test(m)) return;
    enter(m.startsWith('lecture de ') ? 'lecture et COPY des fichiers' : m);
  },
});
enter('fin');
process.stdout.write(
  JSON.stringify({ summary, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), phases }) + '\n',
);
