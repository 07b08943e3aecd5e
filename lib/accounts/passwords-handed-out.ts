import 'server-only';
import { closeAccountSessions } from '@/lib/auth/guardian-sessions';
import { clearSignInFailures } from '@/lib/auth/throttle';
import type { Tx } from '@/lib/database/prisma';

/**
 * What a director's letter or reset does to the portal side, for a whole chunk at once: a reset
 * ends the parent's open sessions (the old password « stops working at once », guide §5.5), and
 * any new letter or password lifts a sign-in lock (the lock's message sends the parent to the
 * school for a new letter).
 */
export async function passwordsHandedOut(
  tx: Tx,
  { resetIds, identifiants }: { resetIds: number[]; identifiants: string[] },
): Promise<void> {
  if (resetIds.length) await closeAccountSessions(resetIds, tx);
  await clearSignInFailures(identifiants, tx);
}
