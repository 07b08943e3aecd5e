/**
 * The service's settings, read from the environment (see README.md and .env.example).
 * Demo mode (`EDUCONNECT_DEMO=1`) turns on the stand-ins of DESIGN.md §9: the dev outbox and
 * the local OpenID Connect provider. It is set by `npm start` / `npm run dev` only when the
 * operator's environment does not say NODE_ENV=production, and refused when it does.
 */
export function appUrl(): string {
  return (process.env.AUTH_URL ?? process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
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

/** The agents' portal (ARENA / ProConnect) or, in demo mode, the local stand-in. */
export function agentOidc(): OidcSettings | null {
  if (process.env.AGENT_OIDC_ISSUER) {
    return {
      issuer: process.env.AGENT_OIDC_ISSUER,
      clientId: process.env.AGENT_OIDC_CLIENT_ID ?? '',
      clientSecret: process.env.AGENT_OIDC_CLIENT_SECRET ?? '',
      standin: false,
    };
  }
  if (!isDemo()) return null;
  return {
    issuer: standinIssuer('agents'),
    clientId: 'educonnect-admin',
    clientSecret: process.env.STANDIN_CLIENT_SECRET ?? 'demo-secret',
    standin: true,
  };
}

/** FranceConnect or, in demo mode, the local stand-in. */
export function franceConnectOidc(): OidcSettings | null {
  if (process.env.FRANCECONNECT_ISSUER) {
    return {
      issuer: process.env.FRANCECONNECT_ISSUER,
      clientId: process.env.FRANCECONNECT_CLIENT_ID ?? '',
      clientSecret: process.env.FRANCECONNECT_CLIENT_SECRET ?? '',
      standin: false,
    };
  }
  if (!isDemo()) return null;
  return {
    issuer: standinIssuer('franceconnect'),
    clientId: 'educonnect-portail',
    clientSecret: process.env.STANDIN_CLIENT_SECRET ?? 'demo-secret',
    standin: true,
  };
}
