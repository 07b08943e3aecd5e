import { db } from '@/lib/db';
import { sentMessage } from '@/lib/messaging/deliver-messages';
import { openBodies } from '@/lib/messaging/message-body';
import { getTransport } from '@/lib/messaging/transports';

/**
 * Sends one queued message (the `send-message` job). Idempotent: a message already sent is
 * not sent again. Real transports get the idempotency key too, for retries after a crash
 * between their answer and our update. After a real send the body is wiped: it may carry a
 * provisional password, and the outbox is no archive.
 */
export async function deliverMessage({
  messageId,
}: {
  messageId: number;
}): Promise<'sent' | 'already-sent' | 'missing'> {
  const stored = await db.outboundMessage.findUnique({ where: { id: messageId } });
  if (!stored) return 'missing';
  if (stored.status === 'SENT') return 'already-sent';
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
    await db.outboundMessage.update({
      where: { id: m.id },
      data: sentMessage(transport, providerId),
    });
    return 'sent';
  } catch (e) {
    await db.outboundMessage.update({
      where: { id: m.id },
      data: { status: 'FAILED', error: (e as Error).message.slice(0, 500) },
    });
    throw e;
  }
}
