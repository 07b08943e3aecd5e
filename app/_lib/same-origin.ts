import 'server-only';
import { appUrl } from '@/lib/config/settings';

/**
 * Route handlers that export data (the account list, the letters) answer only the service's own
 * pages, as Next checks server actions: a request that says it comes from another site (`Origin`
 * of another host, or `Sec-Fetch-Site: cross-site`) gets a French 403 before anything is read.
 * A request that says nothing (an old browser, a command-line client with the cookie) passes: the
 * session cookie is SameSite=Lax, so another site's form cannot carry it anyway.
 */
export function refuseForeignOrigin(request: Request): Response | null {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  const own = new URL(appUrl()).origin;
  const hostOrigin = `${new URL(request.url).protocol}//${request.headers.get('host') ?? ''}`;
  const foreign = (origin !== null && origin !== own && origin !== hostOrigin) || site === 'cross-site';
  if (!foreign) return null;
  return new Response("Demande refusée : elle ne vient pas d'une page du service.", {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
