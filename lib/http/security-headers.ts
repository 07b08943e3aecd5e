import { agentOidc, franceConnectOidc, servedOverHttps } from '@/lib/config/settings';
import constantHeaders from './security-headers.json';

/**
 * The HTTP security headers of every page (issue « Hardening », item 4), built in one place for
 * `proxy.ts` and read back by the tests. Scripts run only with the nonce of their response
 * (Next's own scripts and the DSFR's colour-scheme script carry it), so an injected `<script>`
 * never runs; `'strict-dynamic'` lets those scripts load the bundle's chunks. Styles keep
 * `'unsafe-inline'`: the DSFR and React write `style` attributes in the server's HTML, and a style
 * cannot run code. Forms may post only to the service and to the two identity providers it
 * redirects to after a form (ProConnect or the agents' portal, FranceConnect): Chromium checks
 * `form-action` on those redirects too.
 */
export function contentSecurityPolicy({ nonce, development }: { nonce: string; development: boolean }): string {
  const providers = [agentOidc(), franceConnectOidc()].flatMap((o) => (o ? [new URL(o.issuer).origin] : []));
  const https = servedOverHttps();
  return [
    "default-src 'self'",
    // React's development build evaluates code for its stack traces; never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${[...new Set(providers)].join(' ')}`.trim(),
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * The headers every response of the web server carries, whatever it is (pages, routes, files).
 * Those that never change are in security-headers.json, which next.config.mjs also gives the build's
 * files (`/_next/static/…`, served without proxy.ts: DECISIONS « The build's files »): no sniffing of
 * content types, no referrer outside the service, no framing, none of the browser's powers (camera,
 * microphone, position, payment, USB: the service uses none, a page of it can never ask for them),
 * its own browsing context group.
 */
export function staticSecurityHeaders({ https }: { https: boolean }): [string, string][] {
  return [
    ...Object.entries(constantHeaders),
    // Browsers honour HSTS only over https; a year, as the ANSSI recommends.
    ...(https ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as [string, string]] : []),
  ];
}

/** A fresh nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
