import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: [
      // lib/ modules are marked server-only for Next.js; in tests they run in Node directly.
      { find: /^server-only$/, replacement: path.join(root, 'tests/support/empty-module.ts') },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    // A stray `.only` must fail the run, not silently skip the rest of the suite.
    allowOnly: false,
    // Two files at a time: each has its own database, and most of their time is spent waiting on
    // PostgreSQL and on the processes they start (workers, CLI), not on this process's CPU.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/integration-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Files run one after the other in each of the two processes without reloading every
          // module (Prisma's client, the importer…) for each file: 20 % less time for the part.
          // Each file still has its own database (the setup file), and leaves process.env as it
          // found it.
          isolate: false,
        },
      },
    ],
  },
});
