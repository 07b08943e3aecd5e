import 'server-only';
import { renderActivationEmail } from '@/emails/render';
import { accountPeople } from '@/lib/accounts/account-people';
import { ACTIVATION_VALID_DAYS, issueActivationToken } from '@/lib/accounts/activation-token';
import { recordAudit } from '@/lib/audit/record-audit';
import { appUrl, helpUrl } from '@/lib/config/settings';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { queueMessage } from '@/lib/messaging/queue-message';

/** The C07 link of a token. */
export const activationLink = (token: string) => `${appUrl()}/activation/${token}`;

/**
 * « Renvoyer un courriel d'activation » (guide §5.6): only for an account « En cours
 * d'activation » of the school's scope. The address checked (and corrected if need be) by the
 * director becomes the account's; a new C07 link is sent and the previous one stops working.
 */
export async function resendActivation({
  schoolId,
  agentId,
  accountId,
  email,
}: {
  schoolId: number;
  agentId: number;
  accountId: number;
  email: string;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const a = (await accountPeople(tx, { schoolId, accountIds: [accountId], lock: true })).get(accountId);
    if (!a) throw new DomainError('ACCOUNT_NOT_FOUND');
    if (a.state !== 'EN_COURS_ACTIVATION') throw new DomainError('ACTIVATION_NOT_PENDING');
    await tx.account.update({ where: { id: accountId }, data: { email } });
    const { token, tokenId } = await issueActivationToken(tx, { accountId, email });
    const mail = await renderActivationEmail({
      identifiant: a.identifiant,
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
    });
    await recordAudit(
      {
        actorType: 'AGENT',
        actorId: String(agentId),
        action: 'activation.renvoyee',
        accountId,
        schoolId,
        details: { adresseModifiee: email !== a.email },
      },
      tx,
    );
  });
}
