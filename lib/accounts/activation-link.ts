import 'server-only';
import { renderActivationEmail } from '@/emails/render';
import { ACTIVATION_VALID_DAYS, issueEmailToken } from '@/lib/accounts/activation-token';
import { appUrl, helpUrl } from '@/lib/config/settings';
import type { Tx } from '@/lib/database/prisma';
import { queueMessage } from '@/lib/messaging/queue-message';

/** The C07 link of a token. */
export const activationLink = (token: string) => `${appUrl()}/activation/${token}`;

/**
 * A new C07 (annexe A1.8) for the account, to `email`, queued in the caller's transaction; the
 * previous link stops working. Used by the first login, a sign-in while the click is awaited,
 * and the director's « Renvoyer un courriel d'activation ».
 */
export async function sendActivationLink(
  tx: Tx,
  { accountId, identifiant, email }: { accountId: number; identifiant: string; email: string },
): Promise<void> {
  const { token, tokenId, expiresAt } = await issueEmailToken(tx, { accountId, email, purpose: 'ACTIVATION' });
  const mail = await renderActivationEmail({
    identifiant,
    link: activationLink(token),
    helpUrl: helpUrl(),
    validDays: ACTIVATION_VALID_DAYS,
  });
  await queueMessage(tx, {
    channel: 'EMAIL',
    recipient: email,
    subject: mail.subject,
    template: mail.template,
    html: mail.html,
    text: mail.text,
    accountId,
    idempotencyKey: `activation:${tokenId}`,
    sendBefore: expiresAt,
  });
}
