import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { hashPassword, verifyPassword } from '@/lib/accounts/password-hash';
import { decryptSecret } from '@/lib/accounts/secrets';

/** Every check costs one argon2id verification, whether the account exists or not. */
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(`leurre-${Math.random()}`));

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface PasswordHolder {
  passwordHash: string | null;
  provisionalPasswordEnc: string | null;
}

/**
 * Which password of the account a typed one is: the chosen one, the provisional one, or none.
 * One argon2id verification in every case (against a decoy hash when there is no chosen
 * password, or no account), so that the time tells nothing.
 */
export async function matchPassword(
  account: PasswordHolder | null,
  password: string,
): Promise<'chosen' | 'provisional' | null> {
  if (account?.passwordHash) return (await verifyPassword(account.passwordHash, password)) ? 'chosen' : null;
  await verifyPassword(await decoyHash(), password);
  if (account?.provisionalPasswordEnc && sameSecret(decryptSecret(account.provisionalPasswordEnc), password)) {
    return 'provisional';
  }
  return null;
}
