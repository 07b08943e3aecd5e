import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id (an ambient const enum, unusable with isolatedModules). */
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id parameters of every chosen password: 7 MiB, 5 passes, 1 lane — one of the five
 * minimum settings of the OWASP Password Storage Cheat Sheet, which it gives as equal in defence
 * (19 MiB × 2 passes is another). On the service's machines this one costs half the time: most
 * of a verification is the fresh memory it takes (docs/DECISIONS.md « Argon2id parameters »).
 */
export const ARGON2_PARAMS = { memoryCost: 7168, timeCost: 5, parallelism: 1 } as const;

/** Chosen passwords are stored only as argon2id hashes (PHC strings, parameters included). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...ARGON2_PARAMS });
}

/** Checks a password against a stored hash, with the parameters written in that hash. */
export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

/**
 * Whether a stored hash was made with other parameters than today's (an older setting): it is
 * made again at the next successful sign-in, the only moment the password is known.
 */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return (
    !m ||
    Number(m[1]) !== ARGON2_PARAMS.memoryCost ||
    Number(m[2]) !== ARGON2_PARAMS.timeCost ||
    Number(m[3]) !== ARGON2_PARAMS.parallelism
  );
}
