import 'server-only';
import { db } from '@/lib/db';

/** Erases the PDF of every batch past its retention (LETTER_RETENTION_DAYS); the batch's record stays. */
export async function purgeLetters({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const { count } = await db.notificationBatch.updateMany({
    where: { expiresAt: { lte: now }, pdf: { not: null } },
    data: { pdf: null },
  });
  return count;
}
