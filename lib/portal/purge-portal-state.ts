import 'server-only';
import { purgeGuardianSessions } from '@/lib/auth/guardian-sessions';
import { db } from '@/lib/db';

/**
 * What the portal keeps only for a while: sessions past their end, paths (SMS signup,
 * FranceConnect) past their 30 minutes, SMS codes a day after they expired, and throttle
 * counters whose window is over (a lock, which has no end, stays until it is lifted).
 */
export async function purgePortalState({ now = new Date() }: { now?: Date } = {}): Promise<{
  sessions: number;
  flows: number;
  codes: number;
  counters: number;
}> {
  const [sessions, flows, codes, counters] = await Promise.all([
    purgeGuardianSessions(now),
    db.portalFlow.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.smsCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } }),
    db.rateLimit.deleteMany({ where: { expire: { lt: now } } }),
  ]);
  return { sessions, flows: flows.count, codes: codes.count, counters: counters.count };
}
