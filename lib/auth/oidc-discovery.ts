import 'server-only';
import * as oauth from 'oauth4webapi';
import type { OidcSettings } from '@/lib/config/settings';

/**
 * What the service reads of an OpenID Connect provider (FranceConnect, the agents' portal): its
 * discovery document, once per issuer and process, and the address that ends a person's session
 * there. The sign-ins themselves are FranceConnect's (franceconnect.ts) and Auth.js's (config.ts).
 */

/** Options for plain-HTTP issuers: only the local stand-ins. */
export const insecure = (s: OidcSettings) => (s.standin ? { [oauth.allowInsecureRequests]: true } : {});

const discovered = new Map<string, Promise<oauth.AuthorizationServer>>();

/** The provider's discovery document; a failed read is tried again at the next call. */
export function discover(settings: OidcSettings): Promise<oauth.AuthorizationServer> {
  let as = discovered.get(settings.issuer);
  if (!as) {
    const issuer = new URL(settings.issuer);
    as = oauth
      .discoveryRequest(issuer, insecure(settings))
      .then((response) => oauth.processDiscoveryResponse(issuer, response));
    discovered.set(settings.issuer, as);
    as.catch(() => discovered.delete(settings.issuer));
  }
  return as;
}

/**
 * RP-initiated logout: where to send the browser so that the person's session at the provider ends
 * too, then comes back to `after` (null when the provider has no end-session endpoint).
 */
export function endSessionUrl(as: oauth.AuthorizationServer, idToken: string, after: string): string | null {
  if (!as.end_session_endpoint) return null;
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    id_token_hint: idToken,
    state: oauth.generateRandomState(),
    post_logout_redirect_uri: after,
  }).toString();
  return url.toString();
}
