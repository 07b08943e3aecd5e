import 'server-only';
import {
  clearSignInFailures,
  checkSignInAllowed,
  normaliseIdentifiant,
  recordSignInFailure,
} from '@/lib/auth/throttle';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { matchPassword } from '@/lib/portal/match-password';
import { mergeAccounts } from '@/lib/portal/merge-accounts';

/**
 * « Ajouter des élèves depuis un autre compte » (guide §1.2): the other account's identifiant and
 * password prove it is the same person's; its children join this account and it is merged into
 * it. A wrong pair counts against that identifiant exactly as a failed sign-in does.
 */
export async function addChildrenFromAccount({
  accountId,
  identifiant,
  password,
  ip,
}: {
  accountId: number;
  identifiant: string;
  password: string;
  ip: string;
}): Promise<{ identifiant: string }> {
  await checkSignInAllowed({ identifiant, ip });
  const other = await db.account.findFirst({
    where: { identifiant: normaliseIdentifiant(identifiant), deletedAt: null },
    select: { id: true, identifiant: true, passwordHash: true, provisionalPasswordEnc: true, letterValidUntil: true },
  });
  const matched = await matchPassword(other, password);
  const expired = matched === 'provisional' && other?.letterValidUntil && other.letterValidUntil < new Date();
  if (!other || !matched || expired) {
    await recordSignInFailure({ identifiant, ip });
    throw new DomainError('SIGN_IN_FAILED');
  }
  if (other.id === accountId) throw new DomainError('MERGE_SAME_ACCOUNT');
  await clearSignInFailures(identifiant);
  await db.$transaction((tx) => mergeAccounts(tx, { survivorId: accountId, absorbedIds: [other.id] }));
  return { identifiant: other.identifiant };
}
