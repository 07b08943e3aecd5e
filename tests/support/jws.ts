/** A JWT signed here, as a provider would sign it (RS256 or ES256), for the tests of the OIDC clients. */
import { sign, type KeyObject } from 'node:crypto';

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

export function signJwt(
  payload: object,
  key: KeyObject,
  { alg, kid }: { alg: 'RS256' | 'ES256'; kid: string },
): string {
  const input = `${b64({ alg, kid, typ: 'JWT' })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${b64(signature)}`;
}
