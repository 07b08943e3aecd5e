/**
 * `npm run web -- [options of next start]`: the web server of one node, built beforehand
 * (`npm run build`), as WEB_PROCESSES processes of `next start` sharing one port (web-processes.ts).
 * Without options: `-p $PORT` (3000). `npm start` runs it too, beside the workers. The environment
 * is checked as `npm start` checks it (README « Variables d'environnement »).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@/lib/config/paths';
import { loadDotEnv } from '@/lib/config/dotenv';
import { unsupportedRuntime } from '@/lib/config/runtime';
import { resolveServiceEnv, WEB_SERVER_NODE_ARGS } from '@/lib/config/service-env';
import { isDomainError } from '@/lib/errors';
import { NEXT_BIN } from './next-build';
import { startWebProcesses, webProcessCount } from './web-processes';

const say = (m: string) => process.stderr.write(`[educonnect] ${m}\n`);

function main(): void {
  loadDotEnv();
  let count: number;
  try {
    // The configuration checked as `npm start` checks it (a production node refuses to start without its
    // secrets, its providers and who publishes it), with the same defaults.
    Object.assign(process.env, resolveServiceEnv().env);
    count = webProcessCount();
  } catch (e) {
    say(isDomainError(e) ? `configuration : ${e.message}` : String(e));
    process.exit(1);
  }
  if (!fs.existsSync(path.join(projectRoot, '.next', 'BUILD_ID'))) {
    say('aucune construction de l’application : lancez d’abord `npm run build`.');
    process.exit(1);
  }
  const outdated = unsupportedRuntime(process.versions.node);
  if (outdated) say(outdated);
  const options = process.argv.slice(2);
  const web = startWebProcesses({
    exec: NEXT_BIN,
    args: ['start', ...(options.length ? options : ['-p', process.env.PORT ?? '3000'])],
    // The options this process was given for Node (a benchmark's profiler) go to every process too.
    execArgv: [...WEB_SERVER_NODE_ARGS, ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))],
    count,
    log: say,
  });
  const stop = () => void web.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void web.exited.then((code) => process.exit(code));
}

main();
