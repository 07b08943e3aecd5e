import 'server-only';
import { randomBytes } from 'node:crypto';
import { discover, endSessionUrl } from '@/lib/auth/oidc-discovery';
import { agentOidc } from '@/lib/config/settings';
import { db } from '@/lib/db';
import { log } from '@/lib/log';

/** An agent known from the directory and still in it. E-mails compare case-insensitively. */
export async function findAgentByEmail(email: string) {
  return db.agent.findFirst({
    where: { email: email.trim().toLowerCase(), detachedAt: null },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
}

/** Directors' sessions last 8 hours (a school day), as the signed cookie that names them. */
export const AGENT_SESSION_SECONDS = 8 * 60 * 60;

/**
 * A sign-in: the last login recorded and a server-side session opened; its id goes into the
 * signed cookie, and the guard honours the cookie only while the row exists (DECISIONS.md).
 */
export async function openAgentSession(agentId: number, idToken?: string): Promise<string> {
  const id = randomBytes(24).toString('base64url');
  await db.$transaction([
    db.agent.update({ where: { id: agentId }, data: { lastLoginAt: new Date() } }),
    db.agentSession.create({
      data: { id, agentId, idToken, expiresAt: new Date(Date.now() + AGENT_SESSION_SECONDS * 1000) },
    }),
  ]);
  return id;
}

/**
 * « Déconnexion »: the session ends for every node (a replayed cookie opens nothing); its ID token
 * is returned, for the portal's own logout (lib/auth/oidc-discovery.ts `endSessionUrl`).
 */
export async function closeAgentSession(id: string | undefined): Promise<{ idToken: string | null } | null> {
  if (!id) return null;
  const [closed] = await db.$queryRaw<{ idToken: string | null }[]>`
    delete from agent_session where id = ${id} returning id_token as "idToken"`;
  return closed ?? null;
}

/**
 * Where « Déconnexion » sends the browser: to the agents' portal, so that the director's session
 * there ends too, then back to `after`. Without it, on a school office's shared computer, the next
 * person pressing « Se connecter » was signed in as the director who had just signed out.
 */
export async function agentPortalLogoutUrl(idToken: string | null | undefined, after: string): Promise<string> {
  const settings = agentOidc();
  if (!idToken || !settings) return after;
  try {
    return endSessionUrl(await discover(settings), idToken, after) ?? after;
  } catch (e) {
    log.warn({ err: e }, 'déconnexion du portail des agents impossible');
    return after;
  }
}

/** Purge: sessions past their 8 hours. */
export async function purgeAgentSessions(now = new Date()): Promise<number> {
  return (await db.agentSession.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
