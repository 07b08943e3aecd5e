/**
 * Provisional passwords are stored encrypted (AES-256-GCM) so that a director can read them
 * back (guide §5.2); the key comes from ACCOUNT_SECRET_KEY (32 bytes, base64). Chosen passwords
 * are never stored this way: only as argon2id hashes.
 */
import { DomainError } from '@/lib/errors';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function key(): Buffer {
  const raw = process.env.ACCOUNT_SECRET_KEY;
  if (!raw)
    throw new DomainError('CONFIGURATION_INVALID', {
      problem: "ACCOUNT_SECRET_KEY n'est pas défini : il faut 32 octets en base64 (voir README).",
    });
  const k = Buffer.from(raw, 'base64');
  if (k.length !== 32)
    throw new DomainError('CONFIGURATION_INVALID', {
      problem: 'ACCOUNT_SECRET_KEY doit faire 32 octets une fois décodé du base64.',
    });
  return k;
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== VERSION || !iv || !tag || !data) throw new Error('Secret chiffré illisible.');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
