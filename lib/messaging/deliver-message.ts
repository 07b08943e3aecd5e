import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { recordOutcomes } from '@/lib/messaging/deliver-messages';
import { withoutAddresses } from '@/lib/log';
import { openBodies } from '@/lib/messaging/message-body';
import { getTransport, RefusedByProvider } from '@/lib/messaging/transports';

/**
 * Sends one queued message (the `send-message` job). Idempotent: a message already sent, or
 * refused for good by the provider, is not sent again. Real transports get the idempotency key
 * too, for retries after a crash between their answer and our update. After a real send the body
 * is wiped: it may carry a provisional password, and the outbox is no archive. A message whose code
 * or link has expired (`sendBefore`: a provider down longer than a code lives) is marked EXPIRED,
 * its body wiped, and not sent: the parent asked for another long ago, or gave up.
 */
export async function deliverMessage({
  messageId,
}: {
  messageId: number;
}): Promise<'sent' | 'already-sent' | 'refused' | 'expired' | 'missing'> {
  const stored = await db.outboundMessage.findUnique({ where: { id: messageId } });
  if (!stored) return 'missing';
  if (stored.status === 'SENT') return 'already-sent';
  if (stored.status === 'REFUSED') return 'refused';
  if (stored.status === 'EXPIRED') return 'expired';
  if (stored.sendBefore && stored.sendBefore.getTime() <= Date.now()) {
    const { count } = await db.outboundMessage.updateMany({
      where: { id: stored.id, status: { in: ['PENDING', 'FAILED'] } },
      data: {
        status: 'EXPIRED',
        html: null,
        text: '',
        error: `non envoyé : son code ou son lien ne valait plus depuis le ${formatDateTime(stored.sendBefore)}`,
      },
    });
    return count ? 'expired' : deliverMessage({ messageId });
  }
  const m = openBodies(stored);
  const transport = getTransport();
  const key = m.idempotencyKey ?? `message:${m.id}`;
  try {
    const { providerId } =
      m.channel === 'EMAIL'
        ? await transport.sendEmail({
            to: m.recipient,
            subject: m.subject ?? '',
            html: m.html,
            text: m.text,
            idempotencyKey: key,
          })
        : await transport.sendSms({ to: m.recipient, text: m.text, idempotencyKey: key });
    await recordOutcomes(transport, [m], [{ providerId }]);
    return 'sent';
  } catch (e) {
    const permanent = e instanceof RefusedByProvider;
    await recordOutcomes(transport, [m], [{ error: (e as Error).message, permanent }]);
    // Refused for good: the job ends (trying again cannot help); otherwise it tries again later.
    if (permanent) return 'refused';
    throw new Error(withoutAddresses((e as Error).message));
  }
}
