import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from '@/lib/http/security-headers';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((d) => {
      const [name, ...values] = d.split(' ');
      return [name, values];
    }),
  );
}

describe('en-têtes de sécurité', () => {
  it('en https : HSTS, upgrade-insecure-requests, aucun eval, les fournisseurs d’identité en form-action', () => {
    process.env = { ...saved, AUTH_URL: 'https://educonnect.exemple.fr', EDUCONNECT_DEMO: '0' };
    process.env.AGENT_OIDC_ISSUER = 'https://proconnect.exemple.fr/api/v2';
    process.env.FRANCECONNECT_ISSUER = 'https://fcp.integ01.dev-franceconnect.fr/api/v1';
    const d = directives(contentSecurityPolicy({ nonce: 'abc', development: false }));
    expect(d.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(d.get('form-action')).toEqual([
      "'self'",
      'https://proconnect.exemple.fr',
      'https://fcp.integ01.dev-franceconnect.fr',
    ]);
    expect(d.has('upgrade-insecure-requests')).toBe(true);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    const headers = new Map(staticSecurityHeaders({ https: true }));
    expect(headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    expect(headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('sans fournisseur configuré hors démonstration : les formulaires ne vont qu’au service', () => {
    process.env = { ...saved, AUTH_URL: 'http://localhost:3000', EDUCONNECT_DEMO: '0' };
    delete process.env.AGENT_OIDC_ISSUER;
    delete process.env.FRANCECONNECT_ISSUER;
    const d = directives(contentSecurityPolicy({ nonce: 'abc', development: true }));
    expect(d.get('form-action')).toEqual(["'self'"]);
    // Only React's development build needs eval; never served in production.
    expect(d.get('script-src')).toContain("'unsafe-eval'");
    expect(d.has('upgrade-insecure-requests')).toBe(false);
    expect(new Map(staticSecurityHeaders({ https: false })).has('Strict-Transport-Security')).toBe(false);
  });

  it('un nonce de 128 bits, neuf à chaque appel', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
