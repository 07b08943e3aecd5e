/**
 * The operator CLI's commands run for one command line: `workers/cli.ts` runs it for the process
 * (standard output and error, exit code); the tests run it in their own process as well, beside a
 * few real processes that check what only a process shows.
 */
import { acquireDatabase, type DatabaseHandle } from '@/lib/database/database-url';
import { resolveServiceEnv, SERVICE_SECRETS } from '@/lib/config/service-env';
import { isDomainError } from '@/lib/errors';
import { commands } from './commands';
import { parseCommandLine } from './commands/types';

/**
 * Outside production, a demo's secrets as `npm start` gives them to its processes (.data/secrets.json),
 * for those the environment does not set: the demo's provisional passwords, letters and messages are
 * sealed with them, and `notify` or `secrets:rotate` must open them. Production sets its own (README).
 */
function demoSecretsIfUnset() {
  if (process.env.NODE_ENV === 'production') return;
  const { demo, env } = resolveServiceEnv();
  if (!demo) return;
  for (const key of SERVICE_SECRETS) process.env[key] ??= env[key];
}

function help(): string {
  return [
    'Usage : npm run cli -- <commande> [options]',
    '',
    'Commandes :',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '  help',
    '      affiche cette aide',
    '',
    'Sans DATABASE_URL, la base PostgreSQL embarquée du projet (.data/postgres) est utilisée.',
    'Pour envoyer les résultats dans un tube, taisez npm : npm run -s cli -- …',
  ].join('\n');
}

/** Where a command line writes: standard output (results) and standard error (progress, refusals). */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one command line; the exit code: 0 done, 1 failed, 2 usage error or unknown command. */
export async function runCli(argv: string[], io: CliOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help() + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Commande inconnue : « ${name} ». « npm run cli -- help » liste les commandes.\n`);
    return 2;
  }
  let handle: DatabaseHandle | null = null;
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    const code = await command.run({
      values,
      positionals,
      database: async () => {
        demoSecretsIfUnset();
        handle ??= await acquireDatabase();
        process.env.DATABASE_URL = handle.url;
        return handle.url;
      },
      out: (t) => io.stdout(t + '\n'),
      write: (t) => io.stdout(t),
      err: (t) => io.stderr(t + '\n'),
    });
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (isDomainError(e, 'CLI_USAGE')) {
      io.stderr(`${e.message}\nUsage : npm run cli -- ${command.usage}\n`);
      return 2;
    }
    if (isDomainError(e)) {
      io.stderr(`${e.code === 'IMPORT_REFUSED' ? 'Import refusé : ' : ''}${e.message}\n`);
      return 1;
    }
    io.stderr(`Échec : ${(e as Error).stack ?? e}\n`);
    return 1;
  } finally {
    // Prisma was loaded only if the command opened the database (commands load what they use).
    if (handle) await (await import('@/lib/db')).disconnectDb();
    await (handle as DatabaseHandle | null)?.release();
  }
}
