/**
 * The primary of tests/integration/web-processes.test.ts: scripts/web-processes.ts running the fixture
 * server (web-process-fixture.mjs) instead of Next.js. Arguments: port, number of processes.
 */
import path from 'node:path';
import { projectRoot } from '@/lib/config/paths';
import { startWebProcesses } from '@/scripts/web-processes';

const [port, count] = process.argv.slice(2);
const web = startWebProcesses({
  exec: path.join(projectRoot, 'tests/support/web-process-fixture.mjs'),
  args: [port],
  execArgv: [],
  count: Number(count),
  log: (m) => process.stderr.write(`${m}\n`),
  stopTimeoutMs: 2_000,
});
process.on('SIGTERM', () => void web.stop());
void web.exited.then((code) => process.exit(code));
