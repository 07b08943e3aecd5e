import 'server-only';
import * as oauth from 'oauth4webapi';
import { discover, endSessionUrl, insecure } from '@/lib/auth/oidc-discovery';
import { appUrl, franceConnectOidc, type OidcSettings } from '@/lib/config/settings';
import { DomainError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { FranceConnectIdentity } from '@/lib/portal/identity-path';

/**
 * FranceConnect through OpenID Connect (guide §1.3.4; DESIGN.md §9), with state, nonce and
 * PKCE; the local stand-in in demo mode, the real service by configuration
 * (FRANCECONNECT_ISSUER, _CLIENT_ID, _CLIENT_SECRET). As FranceConnect v2 requires: the ID token's
 * and the userinfo response's signatures are checked against the provider's published keys
 * (ES256 or RS256), `prompt=login` is sent, the `eidas1` level is asked for and checked when the
 * provider offers it, and the client authenticates as the provider's discovery document says it
 * accepts. The identity is read from the userinfo endpoint, where FranceConnect publishes it (a
 * signed JWT there).
 */
export const franceConnectCallbackUrl = () => `${appUrl()}/connexion/franceconnect/retour`;
const SCOPE = process.env.FRANCECONNECT_SCOPE ?? 'openid given_name family_name preferred_username birthdate';

interface Server {
  settings: OidcSettings;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
}

function settingsOrRefuse(): OidcSettings {
  const settings = franceConnectOidc();
  if (!settings) throw new DomainError('FRANCECONNECT_NOT_CONFIGURED');
  return settings;
}

async function server(): Promise<Server> {
  const settings = settingsOrRefuse();
  return { settings, as: await discover(settings), client: { client_id: settings.clientId } };
}

/**
 * How the client proves itself at the token endpoint: HTTP Basic, the default of OpenID Connect
 * Discovery, unless the provider lists only the secret in the body (client_secret_post).
 */
function clientAuthentication(as: oauth.AuthorizationServer, secret: string): oauth.ClientAuth {
  const methods = as.token_endpoint_auth_methods_supported;
  if (!methods || methods.includes('client_secret_basic')) return oauth.ClientSecretBasic(secret);
  if (methods.includes('client_secret_post')) return oauth.ClientSecretPost(secret);
  throw new Error(`aucune authentification par secret acceptée par le fournisseur (${methods.join(', ')})`);
}

/** The level asked for (`acr_values`): FRANCECONNECT_ACR, else `eidas1` when the provider offers it. */
function requestedAcr(as: oauth.AuthorizationServer): string | undefined {
  return process.env.FRANCECONNECT_ACR || (as.acr_values_supported?.includes('eidas1') ? 'eidas1' : undefined);
}

/** Whether the level the ID token states meets the one asked for (eidas2 and eidas3 meet eidas1). */
export function acrMeets(requested: string, stated: unknown): boolean {
  if (typeof stated !== 'string') return false;
  const wanted = requested.split(/\s+/).filter(Boolean);
  if (wanted.includes(stated)) return true;
  const level = (v: string) => Number(/^eidas([1-3])$/.exec(v)?.[1] ?? NaN);
  const lowest = Math.min(...wanted.map(level).filter((n) => !Number.isNaN(n)));
  return level(stated) >= lowest;
}

const isJwt = (response: Response) =>
  response.headers.get('content-type')?.split(';')[0].trim().toLowerCase() === 'application/jwt';

/** Whether the portal offers the FranceConnect button. */
export const franceConnectAvailable = () => franceConnectOidc() !== null;

/** Where to send the browser, and what to keep for its return. */
export async function franceConnectAuthorization(): Promise<{
  url: string;
  oidc: { state: string; nonce: string; verifier: string };
}> {
  const { as, client } = await server();
  const acr = requestedAcr(as);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: franceConnectCallbackUrl(),
    response_type: 'code',
    scope: SCOPE,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(acr ? { acr_values: acr } : {}),
    // FranceConnect v2 requires it: the parent authenticates at FranceConnect each time.
    prompt: 'login',
  }).toString();
  return { url: url.toString(), oidc: { state, nonce, verifier } };
}

/**
 * The return from FranceConnect: state, code, ID token (signature, nonce, level) and userinfo
 * (signature, subject) checked; the identity read.
 */
export async function franceConnectIdentity(
  callback: URL,
  expected: { state: string; nonce: string; verifier: string },
): Promise<FranceConnectIdentity> {
  const { settings, as, client } = await server();
  const options = insecure(settings);
  try {
    const params = oauth.validateAuthResponse(as, client, callback, expected.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuthentication(as, settings.clientSecret),
      params,
      franceConnectCallbackUrl(),
      expected.verifier,
      options,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: expected.nonce,
      requireIdToken: true,
    });
    await oauth.validateApplicationLevelSignature(as, response, options);
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    const acr = requestedAcr(as);
    if (acr && !acrMeets(acr, claims.acr)) throw new Error(`niveau d'authentification « ${claims.acr} » insuffisant`);
    const userInfo = await oauth.userInfoRequest(as, client, tokens.access_token, options);
    const info = await oauth.processUserInfoResponse(as, client, claims.sub, userInfo);
    if (isJwt(userInfo)) await oauth.validateApplicationLevelSignature(as, userInfo, options);
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const givenName = text(info.given_name);
    const familyName = text(info.family_name);
    if (!givenName || !familyName) throw new Error('identité FranceConnect sans nom ni prénom');
    return {
      sub: claims.sub,
      givenName,
      familyName,
      preferredUsername: text(info.preferred_username),
      birthdate: text(info.birthdate),
      idToken: tokens.id_token!,
    };
  } catch (e) {
    log.warn({ err: e }, 'retour FranceConnect refusé');
    throw new DomainError('FRANCECONNECT_FAILED');
  }
}

/** FranceConnect's logout for a session opened through it (null when it has no end-session endpoint). */
export async function franceConnectLogoutUrl(idToken: string, after: string): Promise<string | null> {
  return endSessionUrl(await discover(settingsOrRefuse()), idToken, after);
}
