import 'server-only';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { db } from '@/lib/db';
import { sharedLimiter as limiter } from '@/lib/database/shared-limiter';
import type { Tx } from '@/lib/database/prisma';
import { DomainError } from '@/lib/errors';

/**
 * Brute force and abuse (OWASP ASVS V2.2): counters kept in PostgreSQL through
 * rate-limiter-flexible's Prisma store, so that every web node sees the same ones. Counters are
 * keyed by what was typed (an identifiant, a mobile number) and never by whether it exists: a
 * known and an unknown identifiant are throttled, locked and answered alike.
 */

/** At most 10 consecutive failures, then the identifiant is locked until a recovery or a new letter. */
export const MAX_CONSECUTIVE_FAILURES = 10;
/** Failures from one address in 15 minutes before it must wait. */
export const MAX_FAILURES_PER_IP = 50;

const failuresById = limiter('echec-identifiant', MAX_CONSECUTIVE_FAILURES, 0);
const failuresByIp = limiter('echec-ip', MAX_FAILURES_PER_IP, 15 * 60);
/** A growing wait after the third consecutive failure: 1 s, 2 s, 4 s… up to 30 s. */
const waitById = limiter('attente-identifiant', 1, 30);
const smsByNumber = limiter('sms-numero', 3, 60 * 60);
const smsByIp = limiter('sms-ip', 10, 60 * 60);
const formsByIp = limiter('formulaire-ip', 20, 60 * 60);
const emailsByAddress = limiter('courriel-adresse', 3, 60 * 60);

export const normaliseIdentifiant = (identifiant: string) => identifiant.trim().toLowerCase();

async function consumed(l: RateLimiterAbstract, key: string) {
  const res = await l.get(key);
  return { points: res?.consumedPoints ?? 0, ms: res?.msBeforeNext ?? 0 };
}

/** The three counters that decide whether a sign-in may be tried: their keys in the store. */
export function signInCounterKeys({ identifiant, ip }: { identifiant: string; ip: string }) {
  const key = normaliseIdentifiant(identifiant);
  return { id: failuresById().getKey(key), wait: waitById().getKey(key), ip: failuresByIp().getKey(ip) };
}

/** A counter as read from the store (only those not expired). */
export interface CounterRow {
  key: string;
  points: number;
  expire: Date | null;
}

/**
 * Refuses an attempt on an identifiant that is locked, or that must still wait, or from a noisy
 * address, given its counters read from the store. Returns the identifiant's current run of
 * failures (0: nothing to clear after a success).
 */
export function judgeSignInCounters(
  keys: ReturnType<typeof signInCounterKeys>,
  rows: CounterRow[],
  now = new Date(),
): { failures: number } {
  const read = (k: string) => {
    const row = rows.find((r) => r.key === k);
    return { points: row?.points ?? 0, ms: row?.expire ? row.expire.getTime() - now.getTime() : 0 };
  };
  const [byId, wait, byIp] = [read(keys.id), read(keys.wait), read(keys.ip)];
  if (byId.points >= MAX_CONSECUTIVE_FAILURES) throw new DomainError('ACCOUNT_LOCKED');
  if (wait.points > 0 && wait.ms > 0) throw new DomainError('SIGN_IN_WAIT', { seconds: Math.ceil(wait.ms / 1000) });
  if (byIp.points >= MAX_FAILURES_PER_IP) {
    throw new DomainError('TOO_MANY_ATTEMPTS', { minutes: Math.ceil(byIp.ms / 60_000) });
  }
  return { failures: byId.points };
}

/**
 * The check before every password verification: the three counters read in one query, then
 * judged. (The sign-in itself reads them together with the account, in its own query.)
 */
export async function checkSignInAllowed({
  identifiant,
  ip,
}: {
  identifiant: string;
  ip: string;
}): Promise<{ failures: number }> {
  const keys = signInCounterKeys({ identifiant, ip });
  const now = new Date();
  const rows = await db.rateLimit.findMany({
    where: { key: { in: Object.values(keys) }, OR: [{ expire: null }, { expire: { gt: now } }] },
    select: { key: true, points: true, expire: true },
  });
  return judgeSignInCounters(keys, rows, now);
}

/** One more consecutive failure for the identifiant and the address; the wait grows from the third. */
export async function recordSignInFailure({ identifiant, ip }: { identifiant: string; ip: string }): Promise<void> {
  const key = normaliseIdentifiant(identifiant);
  const [res] = await Promise.all([failuresById().penalty(key, 1), failuresByIp().penalty(ip, 1)]);
  const n = res.consumedPoints;
  if (n >= 3 && n < MAX_CONSECUTIVE_FAILURES) await waitById().block(key, Math.min(2 ** (n - 3), 30));
}

/**
 * A success, a recovery or a new letter ends the run of failures and lifts the lock of these
 * identifiants — one statement, in the caller's transaction when it has one (a notification
 * chunk lifts fifty at once).
 */
export async function clearSignInFailures(identifiants: string | string[], tx: Tx = db): Promise<void> {
  const keys = (Array.isArray(identifiants) ? identifiants : [identifiants]).flatMap((i) => [
    failuresById().getKey(normaliseIdentifiant(i)),
    waitById().getKey(normaliseIdentifiant(i)),
  ]);
  if (keys.length) await tx.rateLimit.deleteMany({ where: { key: { in: keys } } });
}

/** SMS sent to one number, and from one address: 3 an hour per number, 10 an hour per address. */
export async function consumeSmsAllowance({ mobile, ip }: { mobile: string; ip: string }): Promise<boolean> {
  const [n, i] = await Promise.all([consumed(smsByNumber(), mobile), consumed(smsByIp(), ip)]);
  if (n.points >= 3 || i.points >= 10) return false;
  await Promise.all([smsByNumber().penalty(mobile, 1), smsByIp().penalty(ip, 1)]);
  return true;
}

/**
 * E-mails the portal's « forgotten » forms send to one address (a new password's link, the identifiants):
 * 3 an hour, as SMS to one number. Beyond, nothing more is sent, and the form answers as always: from many
 * addresses, one person's mailbox (and the service's standing with its mail provider) could otherwise be
 * flooded with genuine e-mails.
 */
export async function consumeEmailAllowance(email: string): Promise<boolean> {
  const key = email.trim().toLowerCase();
  if ((await consumed(emailsByAddress(), key)).points >= 3) return false;
  await emailsByAddress().penalty(key, 1);
  return true;
}

/** The « forgotten » and signup forms: 20 an hour per address. */
export async function consumeFormAllowance(ip: string): Promise<void> {
  const c = await consumed(formsByIp(), ip);
  if (c.points >= 20) throw new DomainError('TOO_MANY_ATTEMPTS', { minutes: Math.ceil(c.ms / 60_000) });
  await formsByIp().penalty(ip, 1);
}
