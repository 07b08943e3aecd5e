import { readBounces } from '@/lib/messaging/read-bounces';
import { defineTask } from './define';

/** Every 5 minutes: the relay's delivery reports (SMTP_BOUNCES_URL); nothing to do without it. */
export default defineTask('read-bounces', async (_payload, { logger }) => {
  const run = await readBounces();
  if (run && (run.rapports || run.laisses))
    logger.info(
      `boîte des rebonds : ${run.rapports} rapport(s) de non-remise lu(s) et effacé(s), ${run.nonRemis} courriel(s) ` +
        `marqué(s) non remis, ${run.laisses} autre(s) message(s) laissé(s) dans la boîte`,
    );
});
