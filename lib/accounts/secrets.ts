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
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Secret chiffré illisible.');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** The first bytes of a sealed file (a PDF in clear starts with « %PDF- »). */
const SEALED_BYTES = Buffer.from('ECS1', 'latin1');

/**
 * A file that carries secrets — a batch's PDF letters, with their provisional passwords — sealed
 * like them: « ECS1 », the 12-byte IV, the 16-byte tag, then the data.
 */
export function sealBytes(plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([SEALED_BYTES, iv, cipher.getAuthTag(), data]);
}

/** The file in clear; one stored before files were sealed is returned as it is. */
export function openBytes(stored: Uint8Array): Buffer {
  const b = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (b.length < 32 || !b.subarray(0, 4).equals(SEALED_BYTES)) return Buffer.from(b);
  const decipher = createDecipheriv('aes-256-gcm', key(), b.subarray(4, 16));
  decipher.setAuthTag(b.subarray(16, 32));
  return Buffer.concat([decipher.update(b.subarray(32)), decipher.final()]);
}
