import 'server-only';
import { db } from '@/lib/db';

/** An agent known from the directory and still in it. E-mails compare case-insensitively. */
export async function findAgentByEmail(email: string) {
  return db.agent.findFirst({
    where: { email: email.trim().toLowerCase(), detachedAt: null },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
}

export async function recordAgentLogin(agentId: number) {
  await db.agent.update({ where: { id: agentId }, data: { lastLoginAt: new Date() } });
}
