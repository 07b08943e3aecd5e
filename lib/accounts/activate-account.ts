import 'server-only';
import { hashToken } from '@/lib/accounts/activation-token';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';

/**
 * The C07 link (guide §1.3.5 (4)): the address is validated and the account « En cours
 * d'activation » becomes « Activé ». A link used, voided by a newer one, or older than 7 days
 * is refused, with no hint about which.
 */
export async function activateAccount({
  token,
}: {
  token: string;
}): Promise<{ identifiant: string; already: boolean }> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: number; accountId: number; email: string; used: boolean }[]>`
      select t.id, t.account_id as "accountId", t.email, t.used_at is not null as used from activation_token t
       where t.token_hash = ${hashToken(token)} and t.purpose = 'ACTIVATION'
         and t.revoked_at is null and t.expires_at > now()
       for update`;
    if (!row) throw new DomainError('ACTIVATION_LINK_INVALID');
    if (row.used) {
      // A second click on a link that worked (or a mail scanner's first): the account is activated.
      const done = await tx.account.findFirst({
        where: { id: row.accountId, deletedAt: null, state: 'ACTIVE', email: row.email },
        select: { identifiant: true },
      });
      if (!done) throw new DomainError('ACTIVATION_LINK_INVALID');
      return { ...done, already: true };
    }
    const account = await tx.account.findFirst({
      where: { id: row.accountId, deletedAt: null, state: 'EN_COURS_ACTIVATION' },
      select: { identifiant: true },
    });
    if (!account) throw new DomainError('ACTIVATION_LINK_INVALID');
    const now = new Date();
    await tx.activationToken.update({ where: { id: row.id }, data: { usedAt: now } });
    await tx.account.update({
      where: { id: row.accountId },
      data: { state: 'ACTIVE', email: row.email, emailVerifiedAt: now },
    });
    await recordAudit(
      { actorType: 'GUARDIAN', actorId: String(row.accountId), action: 'compte.active', accountId: row.accountId },
      tx,
    );
    // The session that waited for this click shows nothing more: the parent signs in to the portal.
    await tx.guardianSession.deleteMany({ where: { accountId: row.accountId, stage: 'AWAITING_ACTIVATION' } });
    return { ...account, already: false };
  });
}
