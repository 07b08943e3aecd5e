import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '@/lib/database/prisma';
import type { EmailTokenPurpose } from '@/lib/generated/prisma/enums';

/** DESIGN.md §6: the C07 link is valid 7 days; the portal's other links (password, new address) 24 hours. */
export const ACTIVATION_VALID_DAYS = 7;
const VALIDITY_MS: Record<EmailTokenPurpose, number> = {
  ACTIVATION: ACTIVATION_VALID_DAYS * 86_400_000,
  PASSWORD_RESET: 86_400_000,
  EMAIL_CHANGE: 86_400_000,
};

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * A new e-mailed link for the account and an address: 128 random bits, stored hashed; every
 * earlier unused link of the same purpose is voided (only the last one works).
 */
export async function issueEmailToken(
  tx: Tx,
  { accountId, email, purpose = 'ACTIVATION' }: { accountId: number; email: string; purpose?: EmailTokenPurpose },
): Promise<{ token: string; tokenId: number; expiresAt: Date }> {
  await tx.activationToken.updateMany({
    where: { accountId, purpose, usedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const token = randomBytes(16).toString('base64url');
  const expiresAt = new Date(Date.now() + VALIDITY_MS[purpose]);
  const row = await tx.activationToken.create({
    data: { accountId, email, purpose, tokenHash: hashToken(token), expiresAt },
    select: { id: true },
  });
  return { token, tokenId: row.id, expiresAt };
}

/**
 * Uses a link once: the account and address it was sent for, or null when it is unknown, of
 * another purpose, voided, expired or already used. The row is locked until the caller commits.
 */
export async function consumeEmailToken(
  tx: Tx,
  { token, purpose }: { token: string; purpose: EmailTokenPurpose },
): Promise<{ accountId: number; email: string } | null> {
  const [row] = await tx.$queryRaw<{ id: number; accountId: number; email: string }[]>`
    select id, account_id as "accountId", email from activation_token
     where token_hash = ${hashToken(token)} and purpose = ${purpose}::email_token_purpose
       and used_at is null and revoked_at is null and expires_at > now()
       for update`;
  if (!row) return null;
  await tx.activationToken.update({ where: { id: row.id }, data: { usedAt: new Date() } });
  return { accountId: row.accountId, email: row.email };
}
