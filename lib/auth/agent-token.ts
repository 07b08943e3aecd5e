import 'server-only';
import { headers } from 'next/headers';
import { decode, getToken, type JWT } from 'next-auth/jwt';
import { servedOverHttps } from '@/lib/config/settings';

/** Decoded session cookies kept; a director's pages repeat the same cookie for hours. */
const KEPT = 1_000;
/** The tolerance next-auth's decoding gives a token's expiry. */
const CLOCK_TOLERANCE_MS = 15_000;
const decoded = new Map<string, JWT>();

/**
 * next-auth's decoding of a session cookie (a key derived by HKDF, then the JWE decrypted through
 * WebCrypto: about a millisecond of processor), remembered per cookie value: the result only
 * depends on the cookie, the secret and the salt, and the token's expiry is checked again at each use.
 */
async function rememberedDecode(params: Parameters<typeof decode>[0]): Promise<JWT | null> {
  const key = `${params.salt}\u0000${params.token ?? ''}`;
  const known = decoded.get(key);
  if (known) {
    if (typeof known.exp === 'number' && known.exp * 1000 + CLOCK_TOLERANCE_MS > Date.now()) return known;
    decoded.delete(key);
    return null;
  }
  const token = await decode(params);
  if (token && typeof token.exp === 'number') {
    if (decoded.size >= KEPT) decoded.clear();
    decoded.set(key, token);
  }
  return token;
}

/**
 * The director's session cookie, decoded (next-auth's own cookie name, secret and decoding): what
 * `auth()` gives a page, without re-encoding a new cookie on every request, which a page cannot set
 * anyway. Only the cookie is read (never an `Authorization` header). The session it names is checked
 * in the database by the guards (agent_session); the cookie itself ends after 8 hours.
 */
export async function agentToken(): Promise<JWT | null> {
  const cookie = (await headers()).get('cookie');
  if (!cookie) return null;
  return getToken({
    req: { headers: { cookie } },
    secret: process.env.AUTH_SECRET,
    secureCookie: servedOverHttps(),
    decode: rememberedDecode,
  });
}
