import { randomInt } from 'node:crypto';
import { encryptSecret } from '@/lib/accounts/secrets';

/** Capital letters and digits without look-alikes (0/O, 1/I) — DESIGN.md §6. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;

/** 8 characters from a cryptographic source, at least one letter and one digit. */
export function generateProvisionalPassword(): string {
  for (;;) {
    let p = '';
    for (let i = 0; i < 8; i++) p += ALPHABET[randomInt(ALPHABET.length)];
    if (/[A-Z]/.test(p) && /[0-9]/.test(p)) return p;
  }
}

export function isProvisionalPasswordShape(p: string): boolean {
  return /^[A-HJ-NP-Z2-9]{8}$/.test(p) && /[A-Z]/.test(p) && /[0-9]/.test(p);
}

/** A new provisional password, encrypted as stored (the clear one is never kept). */
export const newProvisionalPassword = () => encryptSecret(generateProvisionalPassword());
