import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against the built service (`npm start` on port 3100,
 * with the stand-ins), on the throwaway database prepared by scripts/test.ts (DATABASE_URL).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
/** The signing secret of Resend's webhook on the test server (a test value, nothing real). */
export const resendWebhookTestSecret = `whsec_${Buffer.from('educonnect-libre e2e webhook key').toString('base64')}`;
export const baseURL = `http://localhost:${port}`;

/**
 * Debian's Chromium: its headless shell when installed (`chromium-headless-shell`, the same engine
 * without the desktop browser's compositing and GPU process: the suite's end-to-end part takes
 * about 40 % less time on these 2 cores, docs/DECISIONS.md), else the browser itself.
 */
export const chromium =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => fs.existsSync(p)) ??
  '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  // A flaky test is a defect to fix, not to retry; a stray `.only` fails the run.
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    // A trace records the page at every step: a third of the part's time in Chromium, for files that
    // nobody reads on a green run nor can fetch from CI. E2E_TRACE=1 keeps one per failed test.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx --import ./scripts/node-hooks.mjs scripts/start.ts',
    url: `${baseURL}/`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(port),
      OIDC_STANDIN_PORT: String(port + 1),
      AUTH_URL: baseURL,
      EDUCONNECT_DEMO: '1',
      WORKER_CONCURRENCY: '2',
      // One web process: each process warms up on its own, and here every page is asked a few times
      // only (two processes cost the part 10 to 40 s on two cores). two-nodes.spec.ts runs a node of two.
      WEB_PROCESSES: '1',
      // Who publishes the service, as a deployment says it (the legal pages show it).
      EDUCONNECT_EDITEUR: 'Rectorat de l’académie de démonstration',
      EDUCONNECT_CONTACT: 'educonnect@ac-demo.fr',
      // Resend's webhook answers (security.spec.ts signs its calls with it); the e-mails stay in the outbox.
      RESEND_WEBHOOK_SECRET: resendWebhookTestSecret,
    },
  },
});
