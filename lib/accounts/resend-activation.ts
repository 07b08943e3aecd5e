import 'server-only';
import { accountPeople } from '@/lib/accounts/account-people';
import { sendActivationLink } from '@/lib/accounts/activation-link';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';

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
    await sendActivationLink(tx, { accountId, identifiant: a.identifiant, email });
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
