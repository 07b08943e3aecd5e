import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';

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
export async function openAgentSession(agentId: number): Promise<string> {
  const id = randomBytes(24).toString('base64url');
  await db.$transaction([
    db.agent.update({ where: { id: agentId }, data: { lastLoginAt: new Date() } }),
    db.agentSession.create({
      data: { id, agentId, expiresAt: new Date(Date.now() + AGENT_SESSION_SECONDS * 1000) },
    }),
  ]);
  return id;
}

/** « Déconnexion »: the session ends for every node; a replayed cookie opens nothing. */
export async function closeAgentSession(id: string | undefined): Promise<void> {
  if (id) await db.agentSession.deleteMany({ where: { id } });
}

/** Purge: sessions past their 8 hours. */
export async function purgeAgentSessions(now = new Date()): Promise<number> {
  return (await db.agentSession.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
