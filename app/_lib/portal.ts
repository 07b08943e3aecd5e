import 'server-only';
import { cookies, headers } from 'next/headers';
import { servedOverHttps } from '@/lib/config/settings';
import { portalCookieName } from '@/lib/auth/guardian-sessions';

/**
 * The portal's cookies: the guardian's session and the token of a path under way (SMS signup,
 * FranceConnect). Both are random tokens whose meaning lives in PostgreSQL; httpOnly, SameSite
 * Lax (FranceConnect comes back by a top-level GET), Secure on HTTPS.
 */
export { GUARDIAN_SESSION_COOKIE as SESSION_COOKIE } from '@/lib/auth/guardian-sessions';
export const FLOW_COOKIES = {
  SIGNUP: 'ec_parcours_sms',
  FRANCECONNECT: 'ec_parcours_fc',
  RECOVERY: 'ec_parcours_recuperation',
} as const;

const options = () => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: servedOverHttps(),
  path: '/',
});

export async function readCookie(name: string): Promise<string | undefined> {
  return (await cookies()).get(portalCookieName(name))?.value;
}

export async function setCookie(name: string, value: string): Promise<void> {
  (await cookies()).set(portalCookieName(name), value, options());
}

export async function clearCookie(name: string): Promise<void> {
  (await cookies()).set(portalCookieName(name), '', { ...options(), maxAge: 0 });
}

/**
 * The client's address for throttling: the right-most X-Forwarded-For entry that is not one of
 * our own proxies (TRUSTED_PROXY_HOPS, default 0: the Next server's own entry is the last).
 */
export async function clientIp(): Promise<string> {
  const h = await headers();
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  const chain = (h.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - 1 - hops] ?? chain[0] ?? h.get('x-real-ip') ?? 'inconnue';
}
