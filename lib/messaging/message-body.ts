/**
 * A message's body as the outbox stores it: sealed with the key of the provisional passwords
 * (AES-256-GCM, lib/accounts/secrets.ts). C02 and C06 carry a provisional password, C07 and the
 * portal's mails a link that opens an account, an SMS a code: between the moment a message is
 * queued and the moment it is sent (minutes for a batch, days for a message whose provider keeps
 * refusing it), neither the database nor its backups hold them in clear (DECISIONS « Message
 * bodies sealed at rest »). A real transport's sent message keeps no body at all (deliver-messages.ts).
 */
import { decryptSecret, encryptSecret, resealSecret } from '@/lib/accounts/secrets';

/** « v1:iv:tag:data », as encryptSecret writes it (a body in clear always holds a space). */
const SEALED = /^v1:[\w-]+:[\w-]+:[\w-]*$/;

export const sealBody = (plain: string): string => encryptSecret(plain);

/**
 * The body in clear. A body queued before bodies were sealed, or wiped after sending (''), is
 * returned as it is.
 */
export const openBody = (stored: string): string => (SEALED.test(stored) ? decryptSecret(stored) : stored);

/** The message with its HTML and text bodies in clear. */
export function openBodies<M extends { html: string | null; text: string }>(m: M): M {
  return { ...m, html: m.html === null ? null : openBody(m.html), text: openBody(m.text) };
}

/**
 * The body sealed again with the current key (`secrets:rotate`): a body sealed by a previous key,
 * or one still in clear from before bodies were sealed; null when there is nothing to do (sealed by
 * the current key, or wiped).
 */
export function resealBody(stored: string): string | null {
  if (stored === '') return null;
  return SEALED.test(stored) ? resealSecret(stored) : sealBody(stored);
}
