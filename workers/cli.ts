/**
 * Operator CLI: `npm run cli -- <command>`. Results on standard output, progress and logs on
 * standard error; exit 0 on success, 1 on failure, 2 on a usage error or an unknown command.
 */
import { loadDotEnv } from '@/lib/config/dotenv';
import { declareProcess } from '@/lib/config/process-kind';
import { runCli } from './cli-run';

declareProcess('cli');
loadDotEnv();
runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`Échec : ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
