/**
 * The FranceConnect client (lib/auth/franceconnect.ts) against a provider made here, which answers
 * as FranceConnect v2 does — client secret in the body, ID token and userinfo signed ES256, level
 * eidas1 — and which can be made to answer wrongly: a token signed by a key it does not publish,
 * a level missing, a userinfo response tampered with.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acrMeets, franceConnectAuthorization, franceConnectIdentity } from '@/lib/auth/franceconnect';
import { isDomainError } from '@/lib/errors';
import { signJwt } from '@/tests/support/jws';

const CLIENT_ID = 'educonnect-portail';
const SECRET = 'secret-de-test';
const KID = 'cle-1';
const published = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** A key FranceConnect does not publish, under the same key id. */
const forged = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const jws = (payload: object, key: KeyObject) => signJwt(payload, key, { alg: 'ES256', kid: KID });

interface Scenario {
  idTokenKey: KeyObject;
  acr: string | undefined;
  userinfo: 'jwt' | 'json' | 'jwt-forged';
  authMethods: string[];
}
let scenario: Scenario;
let tokenRequests: { authorization?: string; body: URLSearchParams }[] = [];
let nonce = '';

const handler: http.RequestListener = async (req, res) => {
  const issuer = `http://${req.headers.host}/franceconnect`;
  const url = new URL(req.url!, issuer);
  const json = (status: number, body: object) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const path = url.pathname.replace('/franceconnect', '');
  if (path === '/.well-known/openid-configuration') {
    return json(200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/session/end`,
      token_endpoint_auth_methods_supported: scenario.authMethods,
      acr_values_supported: ['eidas1'],
      id_token_signing_alg_values_supported: ['ES256', 'RS256'],
      userinfo_signing_alg_values_supported: ['ES256', 'RS256'],
      response_types_supported: ['code'],
    });
  }
  if (path === '/jwks') {
    return json(200, {
      keys: [{ ...published.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'ES256' }],
    });
  }
  if (path === '/token') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const params = new URLSearchParams(body);
    tokenRequests.push({ authorization: req.headers.authorization, body: params });
    // RFC 6749 §2.3.1: the id and secret form-urlencoded, then joined and put in base64.
    const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':')
      .map((v) => decodeURIComponent(v.replace(/\+/g, ' ')));
    const basic = id === CLIENT_ID && secret === SECRET;
    const post = params.get('client_id') === CLIENT_ID && params.get('client_secret') === SECRET;
    if (!(scenario.authMethods.includes('client_secret_basic') ? basic : post))
      return json(401, { error: 'invalid_client' });
    const now = Math.floor(Date.now() / 1000);
    return json(200, {
      access_token: 'jeton-acces',
      token_type: 'Bearer',
      expires_in: 60,
      id_token: jws(
        {
          iss: issuer,
          sub: 'fc-sub-1',
          aud: CLIENT_ID,
          iat: now,
          exp: now + 60,
          nonce,
          ...(scenario.acr && { acr: scenario.acr }),
        },
        scenario.idTokenKey,
      ),
    });
  }
  if (path === '/userinfo') {
    if (req.headers.authorization !== 'Bearer jeton-acces') return json(401, { error: 'invalid_token' });
    const claims = { sub: 'fc-sub-1', given_name: 'Marie', family_name: 'DUPONT', birthdate: '1985-03-12' };
    if (scenario.userinfo === 'json') return json(200, claims);
    const key = scenario.userinfo === 'jwt' ? published.privateKey : forged.privateKey;
    res.writeHead(200, { 'content-type': 'application/jwt' }).end(jws({ iss: issuer, aud: CLIENT_ID, ...claims }, key));
    return;
  }
  json(404, { error: 'not_found' });
};
/** Two providers alike: the client keeps what a provider's discovery said, per issuer. */
const servers = [http.createServer(handler), http.createServer(handler)];
const ports: number[] = [];
const useProvider = (i: number) => (process.env.OIDC_STANDIN_PORT = String(ports[i]));

const saved = { ...process.env };
beforeAll(async () => {
  for (const server of servers) {
    await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
    ports.push((server.address() as AddressInfo).port);
  }
  Object.assign(process.env, { EDUCONNECT_DEMO: '1', STANDIN_CLIENT_SECRET: SECRET });
  delete process.env.FRANCECONNECT_ISSUER;
  delete process.env.FRANCECONNECT_ACR;
});
afterAll(async () => {
  process.env = saved;
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
beforeEach(() => {
  useProvider(0);
  scenario = { idTokenKey: published.privateKey, acr: 'eidas1', userinfo: 'jwt', authMethods: ['client_secret_post'] };
  tokenRequests = [];
});

/** One return from the provider: the authorization asked for, then the callback read. */
async function signIn() {
  const { url, oidc } = await franceConnectAuthorization();
  nonce = oidc.nonce;
  const asked = new URL(url).searchParams;
  const callback = new URL(
    `http://localhost:3000/connexion/franceconnect/retour?code=${randomBytes(8).toString('hex')}`,
  );
  callback.searchParams.set('state', oidc.state);
  return { asked, identity: franceConnectIdentity(callback, oidc) };
}

const refused = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isDomainError(e) && e.code).toBe('FRANCECONNECT_FAILED');
};

describe('FranceConnect v2, du côté du fournisseur de service', () => {
  it('demande le niveau eidas1, envoie le secret dans le corps, vérifie les signatures et lit l’identité', async () => {
    const { asked, identity } = await signIn();
    expect(asked.get('acr_values')).toBe('eidas1');
    expect(asked.get('prompt')).toBe('login');
    expect(asked.get('nonce')).toBeTruthy();
    expect(await identity).toMatchObject({
      sub: 'fc-sub-1',
      givenName: 'Marie',
      familyName: 'DUPONT',
      birthdate: '1985-03-12',
    });
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0].authorization).toBeUndefined();
    expect(tokenRequests[0].body.get('client_secret')).toBe(SECRET);
  });

  it('s’authentifie en HTTP Basic quand le fournisseur l’accepte (le défaut d’OpenID Connect)', async () => {
    useProvider(1);
    scenario.authMethods = ['client_secret_basic', 'client_secret_post'];
    await expect((await signIn()).identity).resolves.toMatchObject({ sub: 'fc-sub-1' });
    expect(tokenRequests[0].body.get('client_secret')).toBeNull();
  });

  it('refuse un jeton d’identité signé par une clé que FranceConnect ne publie pas', async () => {
    scenario.idTokenKey = forged.privateKey;
    await refused((await signIn()).identity);
  });

  it('refuse une identité sans niveau eidas, accepte un niveau supérieur', async () => {
    scenario.acr = undefined;
    await refused((await signIn()).identity);
    scenario.acr = 'eidas2';
    await expect((await signIn()).identity).resolves.toMatchObject({ sub: 'fc-sub-1' });
  });

  it('refuse une réponse userinfo dont la signature ne tient pas ; lit une réponse JSON', async () => {
    scenario.userinfo = 'jwt-forged';
    await refused((await signIn()).identity);
    scenario.userinfo = 'json';
    await expect((await signIn()).identity).resolves.toMatchObject({ givenName: 'Marie' });
  });

  it('compare les niveaux eidas', () => {
    expect(acrMeets('eidas1', 'eidas1')).toBe(true);
    expect(acrMeets('eidas1', 'eidas3')).toBe(true);
    expect(acrMeets('eidas2', 'eidas1')).toBe(false);
    expect(acrMeets('eidas1', undefined)).toBe(false);
    expect(acrMeets('eidas1', 'autre')).toBe(false);
    expect(acrMeets('niveau-a niveau-b', 'niveau-b')).toBe(true);
  });
});
