/**
 * Provisional passwords are stored encrypted (AES-256-GCM) so that a director can read them
 * back (guide §5.2); the key comes from ACCOUNT_SECRET_KEY (32 bytes, base64). Chosen passwords
 * are never stored this way: only as argon2id hashes. The same key seals the letters' PDFs and the
 * waiting messages' bodies (below; lib/messaging/message-body.ts).
 *
 * Rotation (DECISIONS « Rotating the secrets' key »): the new key in ACCOUNT_SECRET_KEY, the old
 * ones in ACCOUNT_SECRET_KEYS_PREVIOUS (comma-separated) — everything is sealed with the new key and
 * opened with whichever key sealed it — then `npm run cli -- secrets:rotate` seals again with the new
 * key what the old ones sealed, and the old keys can go.
 */
import { DomainError } from '@/lib/errors';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function decodeKey(raw: string, name: string): Buffer {
  const k = Buffer.from(raw.trim(), 'base64');
  if (k.length !== 32)
    throw new DomainError('CONFIGURATION_INVALID', {
      problem: `${name} doit faire 32 octets une fois décodé du base64.`,
    });
  return k;
}

/** The key that seals. */
function key(env: Record<string, string | undefined> = process.env): Buffer {
  const raw = env.ACCOUNT_SECRET_KEY;
  if (!raw)
    throw new DomainError('CONFIGURATION_INVALID', {
      problem: "ACCOUNT_SECRET_KEY n'est pas défini : il faut 32 octets en base64 (voir README).",
    });
  return decodeKey(raw, 'ACCOUNT_SECRET_KEY');
}

/**
 * The keys that open: the current one first, then the previous ones of a rotation. A missing or
 * malformed key is refused with the operator's French sentence (a process checks them as it starts:
 * resolveServiceEnv).
 */
export function openingKeys(env: Record<string, string | undefined> = process.env): Buffer[] {
  const previous = (env.ACCOUNT_SECRET_KEYS_PREVIOUS ?? '')
    .split(',')
    .filter((k) => k.trim())
    .map((k) => decodeKey(k, 'Chaque clé de ACCOUNT_SECRET_KEYS_PREVIOUS'));
  return [key(env), ...previous];
}

/**
 * Opens with the first key whose tag matches (AES-GCM authenticates: a wrong key fails, it never
 * returns garbage); `which` says whether the current key sealed it (0) or a previous one.
 */
function openWithAnyKey(iv: Buffer, tag: Buffer, data: Buffer): { plain: Buffer; which: number } {
  const keys = openingKeys();
  for (let which = 0; which < keys.length; which++) {
    const decipher = createDecipheriv('aes-256-gcm', keys[which], iv);
    decipher.setAuthTag(tag);
    try {
      return { plain: Buffer.concat([decipher.update(data), decipher.final()]), which };
    } catch {
      /* another key sealed it */
    }
  }
  throw new Error(
    keys.length > 1
      ? 'Secret chiffré illisible : aucune des clés (ACCOUNT_SECRET_KEY, ACCOUNT_SECRET_KEYS_PREVIOUS) ne l’ouvre.'
      : 'Secret chiffré illisible avec ACCOUNT_SECRET_KEY.',
  );
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
}

function openSecret(stored: string): { plain: string; which: number } {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Secret chiffré illisible.');
  const { plain, which } = openWithAnyKey(
    Buffer.from(iv, 'base64url'),
    Buffer.from(tag, 'base64url'),
    Buffer.from(data, 'base64url'),
  );
  return { plain: plain.toString('utf8'), which };
}

export function decryptSecret(stored: string): string {
  return openSecret(stored).plain;
}

/** The secret sealed again with the current key, or null when the current key already sealed it. */
export function resealSecret(stored: string): string | null {
  const { plain, which } = openSecret(stored);
  return which === 0 ? null : encryptSecret(plain);
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

/** A sealed file opened (and which key sealed it), or null for a file stored in clear before files were sealed. */
function openFile(stored: Uint8Array): { plain: Buffer; which: number } | null {
  const b = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (b.length < 32 || !b.subarray(0, 4).equals(SEALED_BYTES)) return null;
  return openWithAnyKey(b.subarray(4, 16), b.subarray(16, 32), b.subarray(32));
}

/** The file in clear; one stored before files were sealed is returned as it is. */
export function openBytes(stored: Uint8Array): Buffer {
  return openFile(stored)?.plain ?? Buffer.from(stored);
}

/** The file sealed again with the current key (one stored in clear is sealed), or null when it already is. */
export function resealBytes(stored: Uint8Array): Buffer | null {
  const opened = openFile(stored);
  if (!opened) return sealBytes(stored);
  return opened.which === 0 ? null : sealBytes(opened.plain);
}
