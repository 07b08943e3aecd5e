import 'server-only';
import { accountPeople } from '@/lib/accounts/account-people';
import { sendActivationLink } from '@/lib/accounts/activation-link';
import { recordAudit } from '@/lib/audit/record-audit';
import type { Tx } from '@/lib/database/prisma';
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
    await sendActivationAgain(tx, {
      account: { id: accountId, identifiant: a.identifiant, email: a.email },
      email,
      actor: { actorType: 'AGENT', actorId: String(agentId), schoolId },
    });
  });
}

/**
 * The C07 sent again, by the director (above) or by the parent signed in while the click is awaited
 * (lib/portal/awaiting-activation.ts): `email`, corrected or not, becomes the account's, a new link
 * goes to it (the previous one stops working), and the history says « Mail d'activation renvoyé ».
 */
export async function sendActivationAgain(
  tx: Tx,
  {
    account,
    email,
    actor,
  }: {
    account: { id: number; identifiant: string; email: string | null };
    email: string;
    actor: { actorType: 'AGENT' | 'GUARDIAN'; actorId: string; schoolId?: number };
  },
): Promise<void> {
  if (email !== account.email) await tx.account.update({ where: { id: account.id }, data: { email } });
  await sendActivationLink(tx, { accountId: account.id, identifiant: account.identifiant, email });
  await recordAudit(
    {
      ...actor,
      action: 'activation.renvoyee',
      accountId: account.id,
      details: { adresseModifiee: email !== account.email },
    },
    tx,
  );
}
