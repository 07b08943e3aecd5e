import { deliverMessages } from '@/lib/messaging/deliver-messages';
import { defineTask } from './define';

/** Up to 100 e-mails of a notification batch in one call to the transport. */
export default defineTask('send-messages', async ({ messageIds }, { logger }) => {
  const n = await deliverMessages({ messageIds });
  logger.info(`${n} courriel(s) envoyé(s) en un appel`);
});
