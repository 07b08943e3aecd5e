/**
 * The agents' portal's ID token, checked at a director's sign-in (lib/auth/agent-id-token.ts)
 * against a portal made here that publishes one key: a token it signed passes; one signed by a key
 * it does not publish, for another service, by another issuer or expired does not.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentIdTokenVerified } from '@/lib/auth/agent-id-token';
import { signJwt } from '@/tests/support/jws';

const KID = 'portail-1';
const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forged = generateKeyPairSync('rsa', { modulusLength: 2048 });
let issuer = '';

const server = http.createServer((req, res) => {
  const json = (body: object) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/agents/.well-known/openid-configuration')
    return json({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
    });
  if (req.url === '/agents/jwks')
    return json({ keys: [{ ...published.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] });
  res.writeHead(404).end();
});

function idToken(key: KeyObject, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: issuer, aud: 'educonnect-admin', sub: 'agent-1', iat: now, exp: now + 300, ...claims };
  return signJwt(payload, key, { alg: 'RS256', kid: KID });
}

const saved = { ...process.env };
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
  const port = (server.address() as AddressInfo).port;
  issuer = `http://localhost:${port}/agents`;
  Object.assign(process.env, { EDUCONNECT_DEMO: '1', OIDC_STANDIN_PORT: String(port) });
  delete process.env.AGENT_OIDC_ISSUER;
});
afterAll(async () => {
  process.env = saved;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('le jeton d’identité du portail des agents', () => {
  it('signé par une clé que le portail publie, pour ce service : accepté', async () => {
    expect(await agentIdTokenVerified(idToken(published.privateKey))).toBe(true);
  });

  it('une autre clé, un autre service, un autre émetteur, périmé, absent : refusé', async () => {
    expect(await agentIdTokenVerified(idToken(forged.privateKey))).toBe(false);
    expect(await agentIdTokenVerified(idToken(published.privateKey, { aud: 'un-autre-service' }))).toBe(false);
    expect(await agentIdTokenVerified(idToken(published.privateKey, { iss: 'https://ailleurs.exemple' }))).toBe(false);
    const past = Math.floor(Date.now() / 1000) - 3600;
    expect(await agentIdTokenVerified(idToken(published.privateKey, { iat: past - 300, exp: past }))).toBe(false);
    expect(await agentIdTokenVerified(undefined)).toBe(false);
  });
});
