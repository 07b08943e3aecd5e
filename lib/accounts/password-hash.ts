import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id (an ambient const enum, unusable with isolatedModules). */
const ARGON2ID = 2 as Algorithm;

/** Chosen passwords are stored only as argon2id hashes (OWASP parameters: 19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}
