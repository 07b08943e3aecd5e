import { purgeAccounts } from '@/lib/accounts/purge-accounts';
import { defineTask } from './define';

/** Weekly (Sunday 5:30): never-activated accounts whose guardians all left the directory long ago. */
export default defineTask('purge-accounts', async (_payload, { logger }) => {
  const { counts, months } = await purgeAccounts({ dryRun: false });
  logger.info(
    `purge des comptes jamais activés (annuaire quitté depuis plus de ${months} mois) : ${JSON.stringify(counts)}`,
  );
});
