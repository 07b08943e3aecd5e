import 'server-only';
import { sendActivationLink } from '@/lib/accounts/activation-link';
import { hashPassword } from '@/lib/accounts/password-hash';
import { recordAudit } from '@/lib/audit/record-audit';
import { closeAccountSessions, openGuardianSession } from '@/lib/auth/guardian-sessions';
import { checkSignInAllowed, recordSignInFailure } from '@/lib/auth/throttle';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { renewActivationLink } from '@/lib/portal/awaiting-activation';

/** The child whose birth date the first login asks for (guide §1.3.4: « celui mentionné à l'écran »). */
async function namedChild(accountId: number) {
  const [child] = await db.$queryRaw<{ firstName: string; lastName: string; birthDate: string | null }[]>`
    select s.pupil_first_name as "firstName", s.pupil_last_name as "lastName",
           to_char(s.pupil_birth_date, 'YYYY-MM-DD') as "birthDate"
      from director_scope s where s.account_id = ${accountId}
     order by s.pupil_birth_date is null, s.pupil_last_name, s.pupil_first_name, s.pupil_id limit 1`;
  return child ?? null;
}

export interface FirstLoginScreen {
  identifiant: string;
  /** Pre-filled: the address already on the account, or the directory's (guide §1.4). */
  email: string;
  child: { firstName: string; lastName: string } | null;
}

/** What the first-login screen shows. */
export async function firstLoginScreen(accountId: number): Promise<FirstLoginScreen> {
  const account = await db.account.findUniqueOrThrow({
    where: { id: accountId },
    select: { identifiant: true, email: true, guardians: { select: { email: true }, orderBy: { id: 'asc' } } },
  });
  const child = await namedChild(accountId);
  return {
    identifiant: account.identifiant,
    email: account.email ?? account.guardians.find((g) => g.email)?.email ?? '',
    child: child && { firstName: child.firstName, lastName: child.lastName },
  };
}

/**
 * The first login with the letter (guide §1.3.4, §1.3.5 (3)): the password chosen, the address
 * given or confirmed, the named child's birth date checked → « En cours d'activation » and the
 * C07 sent to that address; the session goes on waiting for the click (AWAITING_ACTIVATION). A
 * wrong birth date counts as a failed sign-in and says nothing of which answer was wrong.
 */
export async function completeFirstLogin({
  accountId,
  password,
  email,
  birthDate,
  ip,
}: {
  accountId: number;
  password: string;
  email: string;
  birthDate: string;
  ip: string;
}): Promise<{ email: string; token: string }> {
  const account = await db.account.findFirst({
    where: { id: accountId, deletedAt: null, state: { in: ['NON_NOTIFIE', 'NOTIFIE_NON_ACTIVE'] } },
    select: { identifiant: true },
  });
  if (!account) throw new DomainError('SESSION_EXPIRED');
  await checkSignInAllowed({ identifiant: account.identifiant, ip });
  const child = await namedChild(accountId);
  if (!child?.birthDate || child.birthDate !== birthDate) {
    await recordSignInFailure({ identifiant: account.identifiant, ip });
    throw new DomainError('ACTIVATION_CHECK_FAILED');
  }
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const now = new Date();
    await tx.account.update({
      where: { id: accountId },
      data: {
        passwordHash,
        provisionalPasswordEnc: null,
        passwordChangedAt: now,
        email,
        emailVerifiedAt: null,
        state: 'EN_COURS_ACTIVATION',
        origin: 'ETABLISSEMENT',
      },
    });
    await sendActivationLink(tx, { accountId, identifiant: account.identifiant, email });
    await recordAudit(
      { actorType: 'GUARDIAN', actorId: String(accountId), action: 'compte.premiere-connexion', accountId },
      tx,
    );
    // The letter's session ends; the one that follows only shows where the C07 went (guards.ts).
    await closeAccountSessions(accountId, tx);
    return { email, token: await openGuardianSession({ accountId, stage: 'AWAITING_ACTIVATION' }, tx) };
  });
}

/**
 * After a director's reset (guide §5.5) of an account « En cours d'activation » or « Activé »:
 * the provisional password only leads to choosing a new one. An activated account is then
 * signed in (in a new session); one still waiting for its C07 click gets a new link (unless the last
 * one was refused: the address is to be corrected first) and a session that shows where it went.
 */
export async function chooseNewPassword({
  accountId,
  password,
}: {
  accountId: number;
  password: string;
}): Promise<{ kind: 'session'; token: string; stage: 'SIGNED_IN' | 'AWAITING_ACTIVATION' }> {
  const account = await db.account.findFirst({
    where: {
      id: accountId,
      deletedAt: null,
      state: { in: ['EN_COURS_ACTIVATION', 'ACTIVE'] },
      provisionalPasswordEnc: { not: null },
    },
    select: { identifiant: true, state: true, email: true },
  });
  if (!account) throw new DomainError('SESSION_EXPIRED');
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    await tx.account.update({
      where: { id: accountId },
      data: { passwordHash, provisionalPasswordEnc: null, passwordChangedAt: new Date() },
    });
    await recordAudit(
      { actorType: 'GUARDIAN', actorId: String(accountId), action: 'compte.mot-de-passe-choisi', accountId },
      tx,
    );
    await closeAccountSessions(accountId, tx);
    if (account.state === 'EN_COURS_ACTIVATION') {
      await renewActivationLink(tx, { id: accountId, identifiant: account.identifiant, email: account.email });
      const stage = 'AWAITING_ACTIVATION' as const;
      return { kind: 'session' as const, stage, token: await openGuardianSession({ accountId, stage }, tx) };
    }
    const stage = 'SIGNED_IN' as const;
    return { kind: 'session' as const, stage, token: await openGuardianSession({ accountId, stage }, tx) };
  });
}
