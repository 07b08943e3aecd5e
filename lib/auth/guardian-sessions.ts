import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import type { GuardianSessionStage } from '@/lib/generated/prisma/enums';
import { servedOverHttps } from '@/lib/config/settings';

/**
 * Guardians' sessions on the portal, kept in PostgreSQL (not in a signed cookie) so that a
 * sign-out, a password change or a recovery ends them at once on every web node. The cookie
 * carries 256 random bits; the table keeps only their SHA-256. A session ends after 30 minutes
 * without a request, and after 12 hours in any case; a sign-in always starts a new one.
 */
/** The cookie that carries a portal session's token (set by app/_lib/portal.ts, read by the guards). */
export const GUARDIAN_SESSION_COOKIE = 'ec_portail';

/**
 * A portal cookie's name as the browser keeps it: on HTTPS with the `__Host-` prefix (OWASP ASVS
 * 3.4.4), which the browser accepts only from this very host, Secure, for the whole site — so that
 * no other site of the académie's domain (`*.ac-….fr`) can plant a session or a path token here.
 * Plain HTTP (the demo, the tests) cannot carry the prefix.
 */
export const portalCookieName = (name: string) => (servedOverHttps() ? `__Host-${name}` : name);
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** `seen_at` is written at most once a minute per session. */
const TOUCH_EVERY_MS = 60_000;

/** The stored id of a session token: its SHA-256 (the sign-in closes the replaced session by it). */
export const guardianSessionId = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface GuardianSessionRow {
  accountId: number;
  stage: GuardianSessionStage;
  franceConnectIdToken: string | null;
}

/** A new session: the token for the cookie, and the row that keeps only its SHA-256. */
export function newGuardianSession({
  accountId,
  stage,
  franceConnectIdToken = null,
}: Omit<GuardianSessionRow, 'franceConnectIdToken'> & { franceConnectIdToken?: string | null }): {
  token: string;
  row: GuardianSessionRow & { id: string; expiresAt: Date };
} {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_MAX_MS);
  return { token, row: { id: guardianSessionId(token), accountId, stage, franceConnectIdToken, expiresAt } };
}

/** Opens a session (and closes `replacing`, the one the browser held before: the id rotates). */
export async function openGuardianSession(
  {
    accountId,
    stage,
    franceConnectIdToken = null,
    replacing,
  }: { accountId: number; stage: GuardianSessionStage; franceConnectIdToken?: string | null; replacing?: string },
  tx: Tx = db,
): Promise<string> {
  const { token, row } = newGuardianSession({ accountId, stage, franceConnectIdToken });
  if (replacing) await tx.guardianSession.deleteMany({ where: { id: guardianSessionId(replacing) } });
  await tx.guardianSession.create({ data: row });
  return token;
}

/** The live session of a cookie (touched), or null: unknown, idle for 30 minutes, too old, or account gone. */
export async function readGuardianSession(
  token: string | undefined,
): Promise<(GuardianSessionRow & { identifiant: string }) | null> {
  if (!token || token.length > 100) return null;
  const id = guardianSessionId(token);
  const rows = await db.$queryRaw<(GuardianSessionRow & { identifiant: string; stale: boolean })[]>`
    select s.account_id as "accountId", a.identifiant, s.stage, s.franceconnect_id_token as "franceConnectIdToken",
           s.seen_at < now() - make_interval(secs => ${TOUCH_EVERY_MS / 1000}) as stale
      from guardian_session s join account a on a.id = s.account_id and a.deleted_at is null
     where s.id = ${id} and s.expires_at > now()
       and s.seen_at > now() - make_interval(secs => ${SESSION_IDLE_MS / 1000})`;
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await db.guardianSession.updateMany({ where: { id }, data: { seenAt: new Date() } });
  const { stale: _stale, ...session } = row;
  return session;
}

/** Sign-out: the session of this cookie ends; returns what it was (for FranceConnect's logout). */
export async function closeGuardianSession(token: string | undefined): Promise<GuardianSessionRow | null> {
  if (!token) return null;
  const rows = await db.$queryRaw<GuardianSessionRow[]>`
    delete from guardian_session where id = ${guardianSessionId(token)}
    returning account_id as "accountId", stage, franceconnect_id_token as "franceConnectIdToken"`;
  return rows[0] ?? null;
}

/** A password change, a recovery, a merge or a director's reset: every session of the accounts ends (but `keep`). */
export async function closeAccountSessions(accountIds: number | number[], tx: Tx = db, keep?: string): Promise<void> {
  await tx.guardianSession.deleteMany({
    where: {
      accountId: { in: Array.isArray(accountIds) ? accountIds : [accountIds] },
      ...(keep ? { id: { not: guardianSessionId(keep) } } : {}),
    },
  });
}

/** Purge: sessions past their end. */
export async function purgeGuardianSessions(now = new Date()): Promise<number> {
  const { count } = await db.guardianSession.deleteMany({
    where: {
      OR: [{ expiresAt: { lt: now } }, { seenAt: { lt: new Date(now.getTime() - SESSION_IDLE_MS) } }],
    },
  });
  return count;
}
