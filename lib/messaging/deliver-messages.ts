import 'server-only';
import { createHash } from 'node:crypto';
import { db } from '@/lib/db';
import { openBodies } from '@/lib/messaging/message-body';
import { getTransport, type Transport } from '@/lib/messaging/transports';

/** What a sent message becomes: a real transport keeps no body (it may carry a provisional password). */
export const sentMessage = (transport: Transport, providerId: string | undefined) => ({
  status: 'SENT' as const,
  sentAt: new Date(),
  transport: transport.name,
  providerId: providerId ?? null,
  error: null,
  ...(transport.keepsBody ? {} : { html: null, text: '' }),
});

/**
 * Sends up to 100 queued e-mails in one call to the transport (the `send-messages` job of a
 * notification batch; Resend's batch endpoint). Idempotent: messages already sent are skipped,
 * and the call's idempotency key is derived from the messages it carries, so a retry after a
 * crash between the provider's answer and our update is recognised by the provider. After a real
 * send the bodies are wiped (they may carry provisional passwords).
 */
export async function deliverMessages({ messageIds }: { messageIds: number[] }): Promise<number> {
  const pending = (
    await db.outboundMessage.findMany({
      where: { id: { in: messageIds }, channel: 'EMAIL', status: { not: 'SENT' } },
      orderBy: { id: 'asc' },
    })
  ).map(openBodies);
  if (!pending.length) return 0;
  const transport = getTransport();
  const key = `messages:${createHash('sha256')
    .update(pending.map((m) => m.idempotencyKey ?? `message:${m.id}`).join('\n'))
    .digest('base64url')}`;
  try {
    const answers = await transport.sendEmails(
      pending.map((m) => ({
        to: m.recipient,
        subject: m.subject ?? '',
        html: m.html,
        text: m.text,
        idempotencyKey: m.idempotencyKey ?? `message:${m.id}`,
      })),
      key,
    );
    await db.$transaction(
      pending.map((m, i) =>
        db.outboundMessage.update({
          where: { id: m.id },
          data: sentMessage(transport, answers[i]?.providerId),
        }),
      ),
    );
    return pending.length;
  } catch (e) {
    await db.outboundMessage.updateMany({
      where: { id: { in: pending.map((m) => m.id) } },
      data: { status: 'FAILED', error: (e as Error).message.slice(0, 500) },
    });
    throw e;
  }
}
