import 'server-only';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { discover } from '@/lib/auth/oidc-discovery';
import { agentOidc } from '@/lib/config/settings';
import { log } from '@/lib/log';

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * Whether the ID token the agents' portal gave at a sign-in is signed by a key the portal publishes,
 * for this service, by this portal, and still valid. Auth.js checks the token's claims but not its
 * signature (a token received from the token endpoint over TLS); the portals of the State (ProConnect)
 * ask services to check it, as FranceConnect does (franceconnect.ts). Keys are read from the
 * portal's `jwks_uri`, kept, and read again on an unknown key.
 */
export async function agentIdTokenVerified(idToken: string | undefined): Promise<boolean> {
  const settings = agentOidc();
  if (!settings || !idToken) return false;
  try {
    const as = await discover(settings);
    if (!as.jwks_uri) throw new Error('le portail ne publie pas ses clés (jwks_uri)');
    let keys = keySets.get(as.jwks_uri);
    if (!keys) keySets.set(as.jwks_uri, (keys = createRemoteJWKSet(new URL(as.jwks_uri))));
    await jwtVerify(idToken, keys, {
      issuer: as.issuer,
      audience: settings.clientId,
      algorithms: ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'],
    });
    return true;
  } catch (e) {
    log.warn({ err: e }, "jeton d'identité du portail des agents refusé");
    return false;
  }
}
