import { defineTask } from './define';

/** A (re)notification batch (guide §5.3), resumed where it stopped if a worker died. */
export default defineTask('notification-batch', async ({ batchId }, { logger }) => {
  const started = Date.now();
  // Letters and e-mails (react-pdf, react-email) are loaded with the first batch, not at every
  // worker's start: the other jobs, and a worker started for them, go without.
  const [{ processNotificationBatch }, { renderChunksOnThreads }] = await Promise.all([
    import('@/lib/accounts/process-notification-batch'),
    import('@/letters/render-parallel'),
  ]);
  await processNotificationBatch({ batchId, renderChunks: renderChunksOnThreads });
  logger.info(`lot de notification ${batchId} traité en ${Date.now() - started} ms`);
});
