/**
 * Child process of the import benchmark: one import, then its summary, peak memory and the time of
 * each phase (from the importer's progress messages; the files' reading and COPY count as one phase).
 * BENCH_SQL_MS=N also writes to stderr each SQL statement of the import that took N ms or more.
 */
import pg from 'pg';
import { importDirectory } from '@/lib/directory/import/import-directory';

const slowMs = Number(process.env.BENCH_SQL_MS ?? 0);
if (slowMs > 0) {
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const query = pg.Client.prototype.query as unknown as Query;
  (pg.Client.prototype as unknown as { query: Query }).query = function (...args) {
    const first = args[0] as string | { text?: string } | undefined;
    const sql = typeof first === 'string' ? first : first?.text;
    const started = performance.now();
    const result = query.apply(this, args);
    if (sql && result instanceof Promise) {
      void result.then(
        () => {
          const ms = performance.now() - started;
          if (ms >= slowMs)
            process.stderr.write(`  SQL ${ms.toFixed(0).padStart(6)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
        },
        () => undefined,
      );
    }
    return result;
  };
}

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
