import 'server-only';
import { guardianSessionId, newGuardianSession } from '@/lib/auth/guardian-sessions';
import {
  clearSignInFailures,
  judgeSignInCounters,
  normaliseIdentifiant,
  recordSignInFailure,
  signInCounterKeys,
} from '@/lib/auth/throttle';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { matchPassword } from '@/lib/portal/match-password';
import { hashPassword, needsRehash } from '@/lib/accounts/password-hash';
import type { AccountState, GuardianSessionStage } from '@/lib/generated/prisma/enums';
import { renewActivationLink } from '@/lib/portal/awaiting-activation';

interface SignInAccount {
  id: number;
  identifiant: string;
  state: AccountState;
  passwordHash: string | null;
  provisionalPasswordEnc: string | null;
  letterValidUntil: Date | null;
  email: string | null;
}

/** The one read of a sign-in: the account's columns (all null when none) and the counters. */
type SignInRead = Omit<SignInAccount, 'id'> & {
  id: number | null;
  counters: { key: string; points: number; expire: string | null }[];
};

/**
 * A session is open: `stage` says whether the portal, the first login, a new password or — the
 * password chosen, the address not yet validated — where the activation e-mail went comes next.
 */
export type SignInOutcome = { kind: 'session'; token: string; stage: GuardianSessionStage };

/**
 * Sign-in with an identifiant and a password (guide §1.2, §1.3.4). An unknown identifiant, a
 * merged account and a wrong password get the same answer in the same time, and all count
 * towards the lock. With the letter's provisional password, the first login follows (« Notifié
 * et non activé »), or only a new password after a director's reset; after 3 months the
 * provisional password is refused. An account waiting for its C07 click gets a new link, and a
 * session that shows only where it went (and lets the parent correct the address).
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
  // The account and the counters that may refuse the attempt, in one query: the same query,
  // the same time, whether the identifiant exists or not.
  const keys = signInCounterKeys({ identifiant, ip });
  const [found] = await db.$queryRaw<SignInRead[]>`
    select a.id, a.identifiant, a.state, a.password_hash as "passwordHash",
           a.provisional_password_enc as "provisionalPasswordEnc", a.letter_valid_until as "letterValidUntil", a.email,
           coalesce((select json_agg(json_build_object('key', r.key, 'points', r.points, 'expire', r.expire))
                       from rate_limit r
                      where r.key = any(${Object.values(keys)}) and (r.expire is null or r.expire > now())),
                    '[]') as counters
      from (values (1)) as one
      left join account a on a.identifiant = ${normaliseIdentifiant(identifiant)} and a.deleted_at is null`;
  const { failures } = judgeSignInCounters(
    keys,
    found.counters.map((c) => ({ ...c, expire: c.expire ? new Date(c.expire) : null })),
  );
  const { counters: _counters, ...columns } = found;
  const account = columns.id === null ? null : { ...columns, id: columns.id };
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
  const awaiting = matched === 'chosen' && account.state === 'EN_COURS_ACTIVATION';
  // Waiting for the C07 click: a new link, unless the last one was refused (awaiting-activation.ts).
  if (awaiting) await db.$transaction((tx) => renewActivationLink(tx, account));
  const stage: GuardianSessionStage = awaiting
    ? 'AWAITING_ACTIVATION'
    : matched === 'chosen'
      ? 'SIGNED_IN'
      : account.state === 'NON_NOTIFIE' || account.state === 'NOTIFIE_NON_ACTIVE'
        ? 'MUST_ACTIVATE'
        : 'MUST_CHANGE_PASSWORD';
  // The sign-in recorded in one statement: last access, audit event, the replaced session closed
  // and the new one opened (its id rotates), all or nothing.
  const { token, row } = newGuardianSession({ accountId: account.id, stage });
  await db.$executeRaw`
    with touched as (
      update account
         set last_login_at = now(), updated_at = now(),
             password_hash = coalesce(${rehashed.passwordHash ?? null}, password_hash)
       where id = ${account.id}),
    audited as (
      insert into audit_event (actor_type, actor_id, action, account_id)
      values ('GUARDIAN', ${String(account.id)}, 'portail.connexion', ${account.id})),
    replaced as (delete from guardian_session where id = ${replacing ? guardianSessionId(replacing) : null})
    insert into guardian_session (id, account_id, stage, expires_at)
    values (${row.id}, ${row.accountId}, ${row.stage}::guardian_session_stage, ${row.expiresAt})`;
  return { kind: 'session', token, stage };
}
