/**
 * Operator CLI: `npm run cli -- <command>`. Results on standard output, progress and logs on
 * standard error; exit 0 on success, 1 on failure, 2 on a usage error or an unknown command.
 */
import { acquireDatabase, type DatabaseHandle } from '@/lib/database/database-url';
import { loadDotEnv } from '@/lib/config/dotenv';
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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Commande inconnue : « ${name} ». « npm run cli -- help » liste les commandes.\n`);
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
      out: (t) => process.stdout.write(t + '\n'),
      err: (t) => process.stderr.write(t + '\n'),
    });
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (isDomainError(e, 'CLI_USAGE')) {
      process.stderr.write(`${e.message}\nUsage : npm run cli -- ${command.usage}\n`);
      return 2;
    }
    if (isDomainError(e)) {
      process.stderr.write(`${e.code === 'IMPORT_REFUSED' ? 'Import refusé : ' : ''}${e.message}\n`);
      return 1;
    }
    process.stderr.write(`Échec : ${(e as Error).stack ?? e}\n`);
    return 1;
  } finally {
    // Prisma was loaded only if the command opened the database (commands load what they use).
    if (handle) await (await import('@/lib/db')).disconnectDb();
    await (handle as DatabaseHandle | null)?.release();
  }
}

loadDotEnv();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`Échec : ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
