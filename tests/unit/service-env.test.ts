import { describe, expect, it } from 'vitest';
import { resolveServiceEnv } from '@/lib/config/service-env';
import { DomainError } from '@/lib/errors';

const KEY = Buffer.alloc(32, 5).toString('base64');

describe('mode démonstration et production', () => {
  it('hors production, les services de démonstration sont actifs', () => {
    const { demo, env } = resolveServiceEnv({
      PORT: '3000',
      AUTH_SECRET: 'a',
      ACCOUNT_SECRET_KEY: KEY,
      STANDIN_CLIENT_SECRET: 'c',
    });
    expect(demo).toBe(true);
    expect(env).toMatchObject({ EDUCONNECT_DEMO: '1', AUTH_URL: 'http://localhost:3000', OIDC_STANDIN_PORT: '3001' });
  });
  it('EDUCONNECT_DEMO=0 les refuse', () => {
    expect(resolveServiceEnv({ EDUCONNECT_DEMO: '0' }).demo).toBe(false);
  });
  it('NODE_ENV=production refuse la démonstration', () => {
    expect(() => resolveServiceEnv({ NODE_ENV: 'production', EDUCONNECT_DEMO: '1' })).toThrow(DomainError);
  });
  it('NODE_ENV=production exige la configuration réelle et dit ce qui manque', () => {
    expect(() => resolveServiceEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://x' })).toThrow(
      /Variables manquantes en production : AUTH_SECRET, ACCOUNT_SECRET_KEY, AGENT_OIDC_ISSUER, EDUCONNECT_EDITEUR, EDUCONNECT_CONTACT/,
    );
    const ok = resolveServiceEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://x',
      AUTH_SECRET: 's',
      ACCOUNT_SECRET_KEY: KEY,
      AGENT_OIDC_ISSUER: 'https://portail',
      EDUCONNECT_EDITEUR: 'Rectorat de l’académie de Toulouse',
      EDUCONNECT_CONTACT: 'educonnect@ac-toulouse.fr',
    });
    expect(ok.demo).toBe(false);
    expect(ok.env.EDUCONNECT_DEMO).toBe('0');
  });
  it('une clé des secrets mal formée, ou une clé précédente, arrête le démarrage en le disant', () => {
    expect(() => resolveServiceEnv({ ACCOUNT_SECRET_KEY: 'courte' })).toThrow(
      /ACCOUNT_SECRET_KEY doit faire 32 octets une fois décodé du base64/,
    );
    expect(() => resolveServiceEnv({ ACCOUNT_SECRET_KEY: KEY, ACCOUNT_SECRET_KEYS_PREVIOUS: `${KEY},abc` })).toThrow(
      /Chaque clé de ACCOUNT_SECRET_KEYS_PREVIOUS doit faire 32 octets/,
    );
    expect(resolveServiceEnv({ ACCOUNT_SECRET_KEY: KEY, ACCOUNT_SECRET_KEYS_PREVIOUS: `${KEY}, ${KEY}` }).demo).toBe(
      true,
    );
  });
});
