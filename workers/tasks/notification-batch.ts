import { renderChunksOnThreads } from '@/letters/render-parallel';
import { processNotificationBatch } from '@/lib/accounts/process-notification-batch';
import { defineTask } from './define';

/** A (re)notification batch (guide §5.3), resumed where it stopped if a worker died. */
export default defineTask('notification-batch', async ({ batchId }, { logger }) => {
  const started = Date.now();
  await processNotificationBatch({ batchId, renderChunks: renderChunksOnThreads });
  logger.info(`lot de notification ${batchId} traité en ${Date.now() - started} ms`);
});
