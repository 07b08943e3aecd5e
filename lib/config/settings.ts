/**
 * The service's settings, read from the environment (see README.md and .env.example).
 * Demo mode (`EDUCONNECT_DEMO=1`) turns on the stand-ins of DESIGN.md §9: the dev outbox and
 * the local OpenID Connect provider. It is set by `npm start` / `npm run dev` only when the
 * operator's environment does not say NODE_ENV=production, and refused when it does.
 */
export function appUrl(): string {
  return (process.env.AUTH_URL ?? process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(
    /\/$/,
    '',
  );
}

/** Whether the public address is https: secure cookies (and their `__Secure-` names), HSTS. */
export function servedOverHttps(): boolean {
  return appUrl().startsWith('https://');
}

export function isDemo(): boolean {
  return process.env.EDUCONNECT_DEMO === '1';
}

export function standinPort(): number {
  return Number(process.env.OIDC_STANDIN_PORT ?? 3001);
}

export function standinIssuer(kind: 'agents' | 'franceconnect'): string {
  return `http://localhost:${standinPort()}/${kind}`;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  standin: boolean;
}

function oidc(
  prefix: 'AGENT_OIDC' | 'FRANCECONNECT',
  kind: 'agents' | 'franceconnect',
  standinClientId: string,
): OidcSettings | null {
  const issuer = process.env[`${prefix}_ISSUER`];
  if (issuer) {
    return {
      issuer,
      clientId: process.env[`${prefix}_CLIENT_ID`] ?? '',
      clientSecret: process.env[`${prefix}_CLIENT_SECRET`] ?? '',
      standin: false,
    };
  }
  if (!isDemo()) return null;
  return {
    issuer: standinIssuer(kind),
    clientId: standinClientId,
    clientSecret: process.env.STANDIN_CLIENT_SECRET ?? 'demo-secret',
    standin: true,
  };
}

/** The agents' portal (ARENA / ProConnect) or, in demo mode, the local stand-in. */
export const agentOidc = () => oidc('AGENT_OIDC', 'agents', 'educonnect-admin');

/** FranceConnect or, in demo mode, the local stand-in. */
export const franceConnectOidc = () => oidc('FRANCECONNECT', 'franceconnect', 'educonnect-portail');

/** Where letters and e-mails send a guardian who needs help (« En cas de problème… »). */
export function helpUrl(): string {
  return process.env.EDUCONNECT_HELP_URL ?? `${appUrl()}/espace-responsable`;
}

/** The portal's sign-in page with the identifiant filled in (the QR code of paper letters). */
export function signInUrl(identifiant: string): string {
  return `${appUrl()}/connexion?identifiant=${encodeURIComponent(identifiant)}`;
}

/** Days a batch of paper letters (it holds provisional passwords) stays downloadable. */
export function letterRetentionDays(): number {
  const days = Number(process.env.LETTER_RETENTION_DAYS ?? 7);
  return Number.isFinite(days) && days > 0 ? days : 7;
}

/**
 * Months after leaving the directory beyond which a never-activated account (all its guardians gone)
 * and the departed directory records (pupils, guardians without an account, empty classes) are purged.
 */
export function accountPurgeMonths(): number {
  return monthsSetting('ACCOUNT_PURGE_MONTHS', 12);
}

/**
 * Months the audit trail keeps an event (AUDIT_RETENTION_MONTHS, default 12): the weekly purge
 * deletes older ones (docs/DECISIONS.md « Retention of the audit trail »).
 */
export function auditRetentionMonths(): number {
  return monthsSetting('AUDIT_RETENTION_MONTHS', 12);
}

/** A number of months from the environment: a positive whole number, else `fallback`. */
function monthsSetting(name: string, fallback: number): number {
  const months = Number(process.env[name] ?? fallback);
  return Number.isInteger(months) && months > 0 ? months : fallback;
}

/**
 * Who publishes the service, for its legal pages (« Mentions légales », « Données personnelles »,
 * « Déclaration d'accessibilité »): the rectorat or the ministry that deploys it. The publisher and a
 * contact are required in production (service-env.ts); the others default to them.
 */
export interface Publisher {
  /** The publishing body, with its address (EDUCONNECT_EDITEUR). */
  name: string;
  /** An e-mail address or a web page to reach it (EDUCONNECT_CONTACT). */
  contact: string;
  /** The data protection officer's contact (EDUCONNECT_DPO); the contact by default. */
  dpo: string;
  /** The director of publication (EDUCONNECT_DIRECTEUR_PUBLICATION). */
  director: string;
  /** The host, with its address (EDUCONNECT_HEBERGEUR). */
  host: string;
}

export function publisher(): Publisher {
  const fallback = isDemo() ? 'démonstration, à renseigner par le déploiement' : 'non renseigné';
  const name = process.env.EDUCONNECT_EDITEUR || `EduConnect-libre (${fallback})`;
  const contact = process.env.EDUCONNECT_CONTACT || `non renseigné (${fallback})`;
  return {
    name,
    contact,
    dpo: process.env.EDUCONNECT_DPO || contact,
    director: process.env.EDUCONNECT_DIRECTEUR_PUBLICATION || `le représentant légal de l'éditeur`,
    host: process.env.EDUCONNECT_HEBERGEUR || name,
  };
}
