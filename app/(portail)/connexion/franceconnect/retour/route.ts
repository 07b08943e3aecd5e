import { NextResponse } from 'next/server';
import { FLOW_COOKIES, readCookie, SESSION_COOKIE, clearCookie, setCookie } from '@/app/_lib/portal';
import { appUrl } from '@/lib/config/settings';
import { isDomainError } from '@/lib/errors';
import { returnFromFranceConnect } from '@/lib/portal/franceconnect-sign-in';

export const dynamic = 'force-dynamic';

/** Back from FranceConnect: a linked account opens at once; otherwise the linking goes on. */
export async function GET(request: Request) {
  const here = new URL(request.url);
  // The callback is checked against the registered redirect URI, whatever host the request came by.
  const callback = new URL(`${appUrl()}${here.pathname}${here.search}`);
  // « Revenir sur le service » at FranceConnect: no failure to report, the parent chose.
  if (here.searchParams.get('error') === 'access_denied') {
    await clearCookie(FLOW_COOKIES.FRANCECONNECT);
    return NextResponse.redirect(`${appUrl()}/connexion?franceconnect-annulee=1`, 303);
  }
  try {
    const outcome = await returnFromFranceConnect({
      flowToken: await readCookie(FLOW_COOKIES.FRANCECONNECT),
      callback,
      replacing: await readCookie(SESSION_COOKIE),
    });
    if (outcome.kind === 'link') return NextResponse.redirect(`${appUrl()}/connexion/franceconnect/telephone`, 303);
    await clearCookie(FLOW_COOKIES.FRANCECONNECT);
    await setCookie(SESSION_COOKIE, outcome.token);
    return NextResponse.redirect(`${appUrl()}/mon-compte`, 303);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    await clearCookie(FLOW_COOKIES.FRANCECONNECT);
    return NextResponse.redirect(`${appUrl()}/connexion?franceconnect=1`, 303);
  }
}
