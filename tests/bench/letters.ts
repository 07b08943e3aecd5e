/**
 * `npm run bench:letters` (issue « Notification », item 9): one school's letters rendered into one
 * PDF with react-pdf at 100, 1,000 and 5,000 letters (time, peak memory), pdfkit writing the same
 * words at 1,000 as the yardstick, 1,000 e-mails rendered and handed to the transport, and the
 * account list of §5.4 as a PDF at 50, 500 and 2,500 rows (500 also as one long table that react-pdf
 * paginates itself, as before session 28: its cost grew with the square of the rows). Each
 * figure in a process of its own, so that peak memory is the figure's own; « react-pdf-suivant »
 * is the batch that follows another in the same process (a worker's threads kept warm), its peak
 * memory that of both.
 */
import { describeMachineLoad, runChild, watchMachineLoad, type MachineLoad } from './support';

const log = (m: string) => process.stderr.write(`[bench:letters] ${m}\n`);
type Run = { kind: string; n: number; s: number; maxRssMb: number; bytes: number; processeurs?: MachineLoad | null };

const runs: Run[] = [];
for (const [kind, n] of [
  ['react-pdf', 100],
  ['react-pdf', 1000],
  ['react-pdf-suivant', 1000],
  ['pdfkit', 1000],
  ['emails', 1000],
  ['react-pdf', 5000],
  ['liste', 50],
  ['liste', 500],
  ['liste-react-pdf', 500],
  ['liste', 2500],
] as const) {
  const load = watchMachineLoad();
  const r = { ...(await runChild<Run>('tests/bench/run-letters.ts', [kind, String(n)])), processeurs: load() };
  log(`${kind} × ${n} : ${r.s} s, ${r.maxRssMb} Mo ; ${describeMachineLoad(r.processeurs)}`);
  runs.push(r);
}
const get = (kind: string, n: number) => runs.find((r) => r.kind === kind && r.n === n)!;
process.stdout.write(
  JSON.stringify(
    {
      runs,
      ratioReactPdfSurPdfkit1000: +(get('react-pdf', 1000).s / get('pdfkit', 1000).s).toFixed(2),
      ratioLotSuivantSurPdfkit1000: +(get('react-pdf-suivant', 1000).s / get('pdfkit', 1000).s).toFixed(2),
      croissance: {
        '100→1000': +(get('react-pdf', 1000).s / get('react-pdf', 100).s).toFixed(1),
        '1000→5000': +(get('react-pdf', 5000).s / get('react-pdf', 1000).s).toFixed(1),
      },
      liste: {
        croissance500a2500: +(get('liste', 2500).s / get('liste', 500).s).toFixed(1),
        pagesDeReactPdfSurLesNotres500: +(get('liste-react-pdf', 500).s / get('liste', 500).s).toFixed(1),
      },
    },
    null,
    2,
  ) + '\n',
);
