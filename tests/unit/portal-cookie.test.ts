/** The portal's cookies carry the `__Host-` prefix wherever the service is served over HTTPS. */
import { afterEach, describe, expect, it } from 'vitest';
import { GUARDIAN_SESSION_COOKIE, portalCookieName } from '@/lib/auth/guardian-sessions';

const saved = process.env.AUTH_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.AUTH_URL;
  else process.env.AUTH_URL = saved;
});

describe('noms des cookies du portail', () => {
  it('en HTTPS : « __Host- », que seul ce nom d’hôte peut poser, pour tout le site', () => {
    process.env.AUTH_URL = 'https://educonnect.ac-toulouse.fr';
    expect(portalCookieName(GUARDIAN_SESSION_COOKIE)).toBe('__Host-ec_portail');
    expect(portalCookieName('ec_parcours_sms')).toBe('__Host-ec_parcours_sms');
  });

  it('en HTTP (démonstration, tests) : le nom seul, le préfixe y serait refusé par le navigateur', () => {
    process.env.AUTH_URL = 'http://localhost:3000';
    expect(portalCookieName(GUARDIAN_SESSION_COOKIE)).toBe('ec_portail');
  });
});
