import { deliverMessage } from '@/lib/messaging/deliver-message';
import { defineTask } from './define';

export default defineTask('send-message', async ({ messageId }, { logger }) => {
  const outcome = await deliverMessage({ messageId });
  logger.info(`message ${messageId} : ${outcome}`);
});
