import 'server-only';
import { db } from '@/lib/db';
import { isDemo } from '@/lib/config/settings';
import { DomainError } from '@/lib/errors';
import { openBodies } from '@/lib/messaging/message-body';

/**
 * The dev outbox (DESIGN.md §9): every e-mail and SMS, newest first. Only in demo mode: in
 * production the outbox holds real people's messages and is never shown.
 */
export async function listOutbox({ limit = 50 }: { limit?: number } = {}) {
  if (!isDemo()) throw new DomainError('DEMO_ONLY');
  const messages = await db.outboundMessage.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: {
      id: true,
      channel: true,
      recipient: true,
      subject: true,
      template: true,
      html: true,
      text: true,
      status: true,
      createdAt: true,
      sentAt: true,
    },
  });
  return messages.map(openBodies);
}
