import { purgeLetters } from '@/lib/accounts/purge-letters';
import { defineTask } from './define';

/** Daily: PDF letters past their retention are erased. */
export default defineTask('purge-letters', async (_payload, { logger }) => {
  const n = await purgeLetters();
  logger.info(`${n} courrier(s) PDF effacé(s) après leur délai de conservation`);
});
