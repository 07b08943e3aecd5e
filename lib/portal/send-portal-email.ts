import 'server-only';
import { renderPortalEmail } from '@/emails/render';
import type { PortalEmailInput } from '@/emails/PortalEmail';
import type { Tx } from '@/lib/database/prisma';
import { queueMessage } from '@/lib/messaging/queue-message';

/** Renders a portal e-mail, queued in the caller's transaction; never sent after `sendBefore` (its link's end). */
export async function sendPortalEmail(
  tx: Tx,
  {
    template,
    to,
    accountId,
    idempotencyKey,
    input,
    sendBefore,
  }: {
    template: string;
    to: string;
    accountId?: number;
    idempotencyKey: string;
    input: PortalEmailInput;
    sendBefore?: Date;
  },
): Promise<void> {
  const mail = await renderPortalEmail(template, input);
  await queueMessage(tx, {
    channel: 'EMAIL',
    recipient: to,
    subject: mail.subject,
    template: mail.template,
    html: mail.html,
    text: mail.text,
    accountId: accountId ?? null,
    idempotencyKey,
    sendBefore,
  });
}
