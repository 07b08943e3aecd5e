import { NextResponse } from 'next/server';
import { FLOW_COOKIES, setCookie } from '@/app/_lib/portal';
import { isDomainError } from '@/lib/errors';
import { beginFranceConnect } from '@/lib/portal/franceconnect-sign-in';

export const dynamic = 'force-dynamic';

/** « S'identifier avec FranceConnect »: to FranceConnect, with state, nonce and PKCE kept server-side. */
export async function GET(request: Request) {
  try {
    const { url, flowToken } = await beginFranceConnect();
    await setCookie(FLOW_COOKIES.FRANCECONNECT, flowToken);
    return NextResponse.redirect(url, 303);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return NextResponse.redirect(new URL('/connexion?franceconnect=1', request.url), 303);
  }
}
