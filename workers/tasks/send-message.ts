import { z } from 'zod';
import { deliverMessage } from '@/lib/messaging/deliver-message';
import { defineTask } from './define';

export default defineTask({
  name: 'send-message',
  payload: z.object({ messageId: z.number().int().positive() }),
  async run({ messageId }, { logger }) {
    const outcome = await deliverMessage({ messageId });
    logger.info(`message ${messageId} : ${outcome}`);
  },
});
