import { describe, expect, it } from 'vitest';
import { resolveServiceEnv } from '@/lib/config/service-env';
import { DomainError } from '@/lib/errors';

const KEY = Buffer.alloc(32, 5).toString('base64');

/** Everything a production node needs. */
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://x',
  AUTH_SECRET: 's',
  ACCOUNT_SECRET_KEY: KEY,
  AGENT_OIDC_ISSUER: 'https://portail',
  EDUCONNECT_EDITEUR: 'Rectorat de l’académie de Toulouse',
  EDUCONNECT_CONTACT: 'educonnect@ac-toulouse.fr',
  SMTP_URL: 'smtp://relais.ac-toulouse.fr:587',
  MAIL_FROM: 'Administrateur des services en ligne <ne-pas-repondre@ac-toulouse.fr>',
  SMS_GATEWAY_URL: 'https://sms.exemple.fr/envoi',
};

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
      'Variables manquantes en production : AUTH_SECRET, ACCOUNT_SECRET_KEY, AGENT_OIDC_ISSUER, ' +
        'EDUCONNECT_EDITEUR, EDUCONNECT_CONTACT, RESEND_API_KEY ou SMTP_URL, MAIL_FROM, SMS_GATEWAY_URL (voir README).',
    );
    const ok = resolveServiceEnv(production);
    expect(ok.demo).toBe(false);
    expect(ok.env.EDUCONNECT_DEMO).toBe('0');
    // Resend instead of a relay will do as well.
    expect(resolveServiceEnv({ ...production, SMTP_URL: undefined, RESEND_API_KEY: 're_x' }).demo).toBe(false);
  });
  it('des fournisseurs mal écrits arrêtent le démarrage en disant lequel', () => {
    expect(() => resolveServiceEnv({ ...production, SMTP_URL: 'smtp.ac-toulouse.fr:587' })).toThrow(
      'SMTP_URL doit être une adresse smtp://… ou smtps://… (voir .env.example).',
    );
    expect(() => resolveServiceEnv({ ...production, SMS_GATEWAY_URL: 'sms.exemple.fr/envoi' })).toThrow(
      'SMS_GATEWAY_URL doit être une adresse http://… ou https://….',
    );
    // The bounce mailbox: POP3 over TLS, with its user (in the clear only on this host).
    for (const box of [
      'imaps://rebonds:x@imap.ac-test.fr',
      'pop3://rebonds:x@pop.ac-test.fr',
      'pop3s://pop.ac-test.fr',
    ]) {
      expect(() => resolveServiceEnv({ ...production, SMTP_BOUNCES_URL: box })).toThrow(
        /^SMTP_BOUNCES_URL doit être une boîte POP3 sur TLS/,
      );
    }
    for (const box of ['pop3s://rebonds:x@pop.ac-test.fr', 'pop3://rebonds:x@localhost:1110']) {
      expect(() => resolveServiceEnv({ ...production, SMTP_BOUNCES_URL: box })).not.toThrow();
    }
    // Resend's webhook secret as its dashboard gives it (whsec_ and base64), or the start stops.
    for (const secret of ['re_123456', 'whsec_', 'whsec_%%%']) {
      expect(() => resolveServiceEnv({ ...production, RESEND_WEBHOOK_SECRET: secret })).toThrow(
        'RESEND_WEBHOOK_SECRET doit être le secret de signature que Resend donne pour le webhook (whsec_…).',
      );
    }
    expect(() =>
      resolveServiceEnv({ ...production, RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
    ).not.toThrow();
    expect(() => resolveServiceEnv({ ...production, MAIL_FROM: 'Administrateur des services en ligne' })).toThrow(
      /^MAIL_FROM doit être une adresse/,
    );
    expect(() =>
      resolveServiceEnv({ ...production, MAIL_FROM: 'Admin <ne-pas-repondre@educonnect.localhost>' }),
    ).toThrow(/doit être une adresse du domaine de l'académie, pas de localhost/);
    // Outside production the demo's sender is fine; a malformed relay address is refused all the same.
    expect(resolveServiceEnv({ MAIL_FROM: 'Admin <ne-pas-repondre@educonnect.localhost>' }).demo).toBe(true);
    expect(() => resolveServiceEnv({ SMTP_URL: 'localhost:1025' })).toThrow(/^SMTP_URL doit être/);
    // The académie's time zone: an IANA name, or the start stops.
    expect(() => resolveServiceEnv({ ...production, EDUCONNECT_TIME_ZONE: 'Réunion' })).toThrow(
      /^EDUCONNECT_TIME_ZONE \(Réunion\) n'est pas un fuseau horaire connu/,
    );
    expect(resolveServiceEnv({ ...production, EDUCONNECT_TIME_ZONE: 'Indian/Reunion' }).demo).toBe(false);
    // The workers' numbers: a whole number, or the start stops, saying which.
    expect(() => resolveServiceEnv({ ...production, WORKER_URGENT_CONCURRENCY: 'deux' })).toThrow(
      'WORKER_URGENT_CONCURRENCY attend un nombre entier entre 0 et 64 (reçu : « deux »).',
    );
    expect(() => resolveServiceEnv({ RESEND_RATE_LIMIT: '2.5' })).toThrow(/^RESEND_RATE_LIMIT attend un nombre entier/);
    expect(resolveServiceEnv({ ...production, RESEND_RATE_LIMIT: '10', WORKER_CONCURRENCY: '8' }).demo).toBe(false);
    expect(() => resolveServiceEnv({ ...production, AGENT_OIDC_TOKEN_AUTH_METHOD: 'post' })).toThrow(
      'AGENT_OIDC_TOKEN_AUTH_METHOD (post) doit valoir client_secret_basic ou client_secret_post.',
    );
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
