import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
import { openGuardianSession } from '@/lib/auth/guardian-sessions';
import {
  checkSignInAllowed,
  clearSignInFailures,
  normaliseIdentifiant,
  recordSignInFailure,
} from '@/lib/auth/throttle';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { matchPassword } from '@/lib/portal/match-password';
import { sendActivationLink } from '@/lib/accounts/activation-link';
import { hashPassword, needsRehash } from '@/lib/accounts/password-hash';

export type SignInOutcome =
  /** A session is open: `stage` says whether the portal, the first login or a new password comes next. */
  | { kind: 'session'; token: string; stage: 'SIGNED_IN' | 'MUST_ACTIVATE' | 'MUST_CHANGE_PASSWORD' }
  /** Password chosen, address not yet validated: a new C07 link has been sent to `email`. */
  | { kind: 'activation-pending'; email: string };

/**
 * Sign-in with an identifiant and a password (guide §1.2, §1.3.4). An unknown identifiant, a
 * merged account and a wrong password get the same answer in the same time, and all count
 * towards the lock. With the letter's provisional password, the first login follows (« Notifié
 * et non activé »), or only a new password after a director's reset; after 3 months the
 * provisional password is refused. An account waiting for its C07 click gets a new link.
 */
export async function signInGuardian({
  identifiant,
  password,
  ip,
  replacing,
}: {
  identifiant: string;
  password: string;
  ip: string;
  /** The session token the browser held, closed by the new one. */
  replacing?: string;
}): Promise<SignInOutcome> {
  const { failures } = await checkSignInAllowed({ identifiant, ip });
  const account = await db.account.findFirst({
    where: { identifiant: normaliseIdentifiant(identifiant), deletedAt: null },
    select: {
      id: true,
      identifiant: true,
      state: true,
      passwordHash: true,
      provisionalPasswordEnc: true,
      letterValidUntil: true,
      email: true,
    },
  });
  const matched = await matchPassword(account, password);
  if (!account || !matched) {
    await recordSignInFailure({ identifiant, ip });
    throw new DomainError('SIGN_IN_FAILED');
  }
  if (failures > 0) await clearSignInFailures(identifiant);
  if (matched === 'provisional' && account.letterValidUntil && account.letterValidUntil < new Date()) {
    throw new DomainError('LETTER_EXPIRED');
  }
  // A hash made with older argon2id parameters is made again, now that the password is known.
  const rehashed =
    matched === 'chosen' && account.passwordHash && needsRehash(account.passwordHash)
      ? { passwordHash: await hashPassword(password) }
      : {};
  if (matched === 'chosen' && account.state === 'EN_COURS_ACTIVATION' && account.email) {
    const email = account.email;
    await db.$transaction(async (tx) => {
      if (rehashed.passwordHash) await tx.account.update({ where: { id: account.id }, data: rehashed });
      await sendActivationLink(tx, { accountId: account.id, identifiant: account.identifiant, email });
    });
    return { kind: 'activation-pending', email };
  }
  const stage =
    matched === 'chosen'
      ? 'SIGNED_IN'
      : account.state === 'NON_NOTIFIE' || account.state === 'NOTIFIE_NON_ACTIVE'
        ? 'MUST_ACTIVATE'
        : 'MUST_CHANGE_PASSWORD';
  const token = await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: account.id }, data: { lastLoginAt: new Date(), ...rehashed } });
    await recordAudit(
      { actorType: 'GUARDIAN', actorId: String(account.id), action: 'portail.connexion', accountId: account.id },
      tx,
    );
    return openGuardianSession({ accountId: account.id, stage, replacing }, tx);
  });
  return { kind: 'session', token, stage };
}
