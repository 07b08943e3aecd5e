import 'server-only';
import { hashPassword, verifyPassword } from '@/lib/accounts/password-hash';
import { recordAudit } from '@/lib/audit/record-audit';
import { closeAccountSessions, openGuardianSession } from '@/lib/auth/guardian-sessions';
import { checkSignInAllowed, recordSignInFailure } from '@/lib/auth/throttle';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';

/**
 * « Modifier mon mot de passe »: the current password is asked again (a wrong one counts as a
 * failed sign-in); every other session ends and this one is replaced by a new one.
 */
export async function changePassword({
  accountId,
  current,
  password,
  ip,
  franceConnectIdToken,
}: {
  accountId: number;
  current: string;
  password: string;
  ip: string;
  franceConnectIdToken: string | null;
}): Promise<{ token: string }> {
  const account = await db.account.findFirstOrThrow({
    where: { id: accountId, deletedAt: null },
    select: { identifiant: true, passwordHash: true },
  });
  await checkSignInAllowed({ identifiant: account.identifiant, ip });
  if (!account.passwordHash || !(await verifyPassword(account.passwordHash, current))) {
    await recordSignInFailure({ identifiant: account.identifiant, ip });
    throw new DomainError('CURRENT_PASSWORD_WRONG');
  }
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    await tx.account.update({
      where: { id: accountId },
      data: { passwordHash, provisionalPasswordEnc: null, passwordChangedAt: new Date() },
    });
    await closeAccountSessions(accountId, tx);
    await recordAudit(
      { actorType: 'GUARDIAN', actorId: String(accountId), action: 'compte.mot-de-passe-modifie', accountId },
      tx,
    );
    return { token: await openGuardianSession({ accountId, stage: 'SIGNED_IN', franceConnectIdToken }, tx) };
  });
}
