import 'server-only';
import { consumeEmailToken, issueEmailToken } from '@/lib/accounts/activation-token';
import { recordAudit } from '@/lib/audit/record-audit';
import { appUrl } from '@/lib/config/settings';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { sendPortalEmail } from '@/lib/portal/send-portal-email';

/**
 * « Modifier mon adresse électronique »: the new address is the account's only once the link
 * sent to it is followed (24 hours, single use); until then the old one stays. It never goes
 * back to the directory (guide §1.4).
 */
export async function requestEmailChange({ accountId, email }: { accountId: number; email: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const account = await tx.account.findFirstOrThrow({
      where: { id: accountId, deletedAt: null },
      select: { identifiant: true },
    });
    const { token, tokenId, expiresAt } = await issueEmailToken(tx, { accountId, email, purpose: 'EMAIL_CHANGE' });
    await sendPortalEmail(tx, {
      template: 'nouvelle-adresse',
      to: email,
      accountId,
      idempotencyKey: `nouvelle-adresse:${tokenId}`,
      sendBefore: expiresAt,
      input: {
        subject: "Services en ligne de l'éducation nationale - confirmer votre adresse électronique",
        paragraphs: [
          'Vous avez demandé que cette adresse devienne celle de votre compte EduConnect ' +
            `(identifiant ${account.identifiant}).`,
          'Pour la confirmer, cliquez sur le lien ci-dessous :',
        ],
        link: { label: 'Confirmer mon adresse électronique', href: `${appUrl()}/adresse/${token}` },
        after: [
          "Ce lien ne sert qu'une fois et reste valable 24 heures.",
          "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : " +
            "l'adresse de votre compte reste inchangée.",
        ],
      },
    });
  });
}

export async function confirmEmailChange({ token }: { token: string }): Promise<{ email: string }> {
  return db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, { token, purpose: 'EMAIL_CHANGE' });
    if (!used) throw new DomainError('EMAIL_LINK_INVALID');
    await tx.account.update({
      where: { id: used.accountId, deletedAt: null },
      data: { email: used.email, emailVerifiedAt: new Date() },
    });
    await recordAudit(
      {
        actorType: 'GUARDIAN',
        actorId: String(used.accountId),
        action: 'compte.adresse-modifiee',
        accountId: used.accountId,
      },
      tx,
    );
    return { email: used.email };
  });
}
