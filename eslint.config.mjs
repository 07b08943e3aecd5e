// ESLint: Next.js rules (core web vitals) and typescript-eslint's recommended rules; formatting is Prettier's.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      '.data/',
      'tmp/',
      'lib/generated/',
      'test-results/',
      'playwright-report/',
      'next-env.d.ts',
    ],
  },
  ...nextVitals,
  ...nextTs,
  tseslint.configs.recommended,
  {
    rules: {
      // No line over 120 characters (Prettier wraps code; this catches long strings and comments).
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // One link for the whole application, the one that does not prefetch (app/_components/Link.tsx).
    files: ['app/**'],
    ignores: ['app/_components/Link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'next/link',
              message:
                'Utiliser Link de app/_components/Link.tsx (pas de préchargement, DECISIONS « No prefetching »).',
            },
          ],
        },
      ],
    },
  },
  {
    // Playwright fixtures take a `use` callback that is not a React hook.
    files: ['tests/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
);
