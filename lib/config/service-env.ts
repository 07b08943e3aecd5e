/**
 * The environment every process of the service gets (web, workers, stand-ins, CLI), resolved once
 * by the launcher: demo mode or production, secrets, URLs. See README « Variables d'environnement ».
 */
import { openingKeys } from '@/lib/accounts/secrets';
import { DomainError } from '@/lib/errors';
import { isTimeZone } from '@/lib/format';
import { isWebhookSecret } from '@/lib/config/resend-webhook';
import { WORKER_NUMBERS, workerNumber, type WorkerNumber } from '@/lib/config/worker-numbers';
import { demoSecrets } from '@/lib/demo/demo-secrets';

export interface ServiceEnv {
  demo: boolean;
  env: Record<string, string>;
}

/** What a real deployment cannot run without: its database, secrets, agents' portal, and who publishes it. */
const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'AUTH_SECRET',
  'ACCOUNT_SECRET_KEY',
  'AGENT_OIDC_ISSUER',
  'EDUCONNECT_EDITEUR',
  'EDUCONNECT_CONTACT',
] as const;

/** The secrets every process shares; a demo generates them once (lib/demo/demo-secrets.ts). */
export const SERVICE_SECRETS = ['AUTH_SECRET', 'ACCOUNT_SECRET_KEY', 'STANDIN_CLIENT_SECRET'] as const;

export function resolveServiceEnv(base: Record<string, string | undefined> = process.env): ServiceEnv {
  const production = base.NODE_ENV === 'production';
  if (production && base.EDUCONNECT_DEMO === '1') {
    throw new DomainError('CONFIGURATION_INVALID', {
      problem:
        'EDUCONNECT_DEMO=1 est refusé avec NODE_ENV=production : la boîte mail et les fournisseurs ' +
        'd’identité de démonstration ne doivent jamais servir en production.',
    });
  }
  const demo = !production && base.EDUCONNECT_DEMO !== '0';
  if (production) {
    const missing: string[] = [
      ...REQUIRED_IN_PRODUCTION.filter((k) => !base[k]),
      // Without them every letter would still print, but no e-mail and no SMS code would ever leave:
      // notifications by e-mail, activation links and SMS signups would fail job after job.
      ...(base.RESEND_API_KEY || base.SMTP_URL ? [] : ['RESEND_API_KEY ou SMTP_URL']),
      ...(base.MAIL_FROM ? [] : ['MAIL_FROM']),
      ...(base.SMS_GATEWAY_URL ? [] : ['SMS_GATEWAY_URL']),
    ];
    if (missing.length)
      throw new DomainError('CONFIGURATION_INVALID', {
        problem: `Variables manquantes en production : ${missing.join(', ')} (voir README).`,
      });
  }
  // A malformed key would start the node and fail at its first letter or sign-in: refuse it now.
  if (base.ACCOUNT_SECRET_KEY) openingKeys(base);
  // The same for the providers' addresses (refused now rather than at the first message) and the zone.
  const wrong = providerProblems(base, production);
  if (wrong) throw new DomainError('CONFIGURATION_INVALID', { problem: wrong });
  // The workers' numbers: a wrong one stops the start, saying which (the same error as where they are read).
  for (const name of Object.keys(WORKER_NUMBERS) as WorkerNumber[]) workerNumber(name, base);
  const port = base.PORT ?? '3000';
  const secrets = demo && SERVICE_SECRETS.some((k) => !base[k]) ? demoSecrets() : null;
  const env: Record<string, string> = {
    PORT: port,
    AUTH_URL: base.AUTH_URL ?? `http://localhost:${port}`,
    EDUCONNECT_DEMO: demo ? '1' : '0',
    OIDC_STANDIN_PORT: base.OIDC_STANDIN_PORT ?? String(Number(port) + 1),
  };
  for (const key of SERVICE_SECRETS) {
    const value = base[key] ?? secrets?.[key];
    if (value) env[key] = value;
  }
  return { demo, env };
}

/** What is wrong with the providers' settings or the time zone, in the operator's words; null if nothing. */
function providerProblems(base: Record<string, string | undefined>, production: boolean): string | null {
  const url = (value: string) => {
    try {
      return new URL(value);
    } catch {
      return null;
    }
  };
  if (base.SMTP_URL && !/^smtps?:$/.test(url(base.SMTP_URL)?.protocol ?? ''))
    return 'SMTP_URL doit être une adresse smtp://… ou smtps://… (voir .env.example).';
  if (base.SMTP_BOUNCES_URL) {
    const box = url(base.SMTP_BOUNCES_URL);
    const local = box?.hostname === 'localhost' || box?.hostname === '127.0.0.1';
    // Its password crosses the network: in the clear only to a mailbox on this very host.
    if (!box || !(box.protocol === 'pop3s:' || (box.protocol === 'pop3:' && local)) || !box.username)
      return (
        'SMTP_BOUNCES_URL doit être une boîte POP3 sur TLS, pop3s://utilisateur:motdepasse@serveur ' +
        '(pop3:// seulement sur cette machine).'
      );
  }
  if (base.RESEND_WEBHOOK_SECRET && !isWebhookSecret(base.RESEND_WEBHOOK_SECRET))
    return 'RESEND_WEBHOOK_SECRET doit être le secret de signature que Resend donne pour le webhook (whsec_…).';
  if (base.SMS_GATEWAY_URL && !/^https?:$/.test(url(base.SMS_GATEWAY_URL)?.protocol ?? ''))
    return 'SMS_GATEWAY_URL doit être une adresse http://… ou https://….';
  const method = base.AGENT_OIDC_TOKEN_AUTH_METHOD;
  if (method && method !== 'client_secret_basic' && method !== 'client_secret_post')
    return `AGENT_OIDC_TOKEN_AUTH_METHOD (${method}) doit valoir client_secret_basic ou client_secret_post.`;
  if (base.EDUCONNECT_TIME_ZONE?.trim() && !isTimeZone(base.EDUCONNECT_TIME_ZONE.trim()))
    return (
      `EDUCONNECT_TIME_ZONE (${base.EDUCONNECT_TIME_ZONE}) n'est pas un fuseau horaire connu : Europe/Paris, ` +
      'Indian/Reunion, Indian/Mayotte, America/Guadeloupe, America/Martinique ou America/Cayenne par exemple.'
    );
  if (base.MAIL_FROM) {
    const domain = /^(?:[^<>]*<)?[^\s@<>]+@([^\s@<>]+)>?$/.exec(base.MAIL_FROM.trim())?.[1];
    if (!domain) return 'MAIL_FROM doit être une adresse, par exemple « Nom <ne-pas-repondre@ac-exemple.fr> ».';
    // A relay refuses, and a parent's mailbox files as spam, a sender no domain can vouch for.
    if (production && /(^|\.)localhost$/i.test(domain))
      return `MAIL_FROM (${base.MAIL_FROM}) doit être une adresse du domaine de l'académie, pas de localhost.`;
  }
  return null;
}

/**
 * Node's options for the web server (`npm start`, and the benchmarks that measure it): young
 * objects get 64 MiB per half-space instead of 16. A page of « Responsables » allocates a few
 * megabytes of short-lived objects; with twenty directors at once the small default made the
 * server collect garbage 11 % of its time. Measured (bench:responsables, alternated, two runs
 * each): twenty directors 31–34 → 34–37 pages/s, p95 708–713 → 626–671 ms; single pages unchanged.
 */
export const WEB_SERVER_NODE_ARGS = ['--max-semi-space-size=64'];

/**
 * Node's options that run one of our TypeScript entry points (scripts/, workers/, tests' helpers) as
 * `npm run …` does: tsx, then the project's module hooks (scripts/node-hooks.mjs).
 */
export const TS_ENTRY_NODE_ARGS = ['--import', 'tsx', '--import', './scripts/node-hooks.mjs'];
