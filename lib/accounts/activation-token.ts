import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '@/lib/database/prisma';

/** DESIGN.md §6: the C07 link is valid 7 days. */
export const ACTIVATION_VALID_DAYS = 7;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * A new C07 activation token for the account and its e-mail: 128 random bits, stored hashed;
 * every earlier token of the account is voided (only the last link works).
 */
export async function issueActivationToken(
  tx: Tx,
  { accountId, email }: { accountId: number; email: string },
): Promise<{ token: string; tokenId: number }> {
  await tx.activationToken.updateMany({
    where: { accountId, usedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const token = randomBytes(16).toString('base64url');
  const row = await tx.activationToken.create({
    data: {
      accountId,
      email,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + ACTIVATION_VALID_DAYS * 86_400_000),
    },
    select: { id: true },
  });
  return { token, tokenId: row.id };
}
