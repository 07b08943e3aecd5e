import { NextResponse, type NextRequest } from 'next/server';
import { refuseForeignOrigin } from '@/app/_lib/same-origin';
import { servedOverHttps } from '@/lib/config/settings';
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from '@/lib/http/security-headers';

/**
 * Every response gets the security headers of lib/http/security-headers.ts, and every page its
 * own script nonce with the Content-Security-Policy that names it. Next reads the policy from the
 * request to put the nonce on its scripts; the root layout reads `x-nonce` for the DSFR's. The
 * build's files (`/_next/static/…`: scripts, styles, fonts) need no policy of their own and do not
 * come here at all (`config` below): next.config.mjs gives them the constant headers. Going through
 * this function cost each of them as much again as serving it (DECISIONS « The build's files »).
 */
export function proxy(request: NextRequest) {
  const https = servedOverHttps();
  const secured = <R extends Response>(response: R): R => {
    for (const [name, value] of staticSecurityHeaders({ https })) response.headers.set(name, value);
    return response;
  };
  if (request.nextUrl.pathname.startsWith('/_next/')) return secured(NextResponse.next());
  // A server action called from another site: Next would refuse it with a bare 500; the same
  // French 403 as the exports, before any rendering.
  if (request.method === 'POST' && request.headers.has('next-action')) {
    const refused = refuseForeignOrigin(request);
    if (refused) return secured(refused);
  }
  const nonce = newNonce();
  const policy = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === 'development' });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set('content-security-policy', policy);
  return secured(response);
}

export const config = { matcher: ['/((?!_next/static/).*)'] };
