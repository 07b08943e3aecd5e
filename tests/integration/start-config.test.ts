/** `npm start` refuses a bad configuration with the operator's sentence, not a Node stack trace. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const root = path.resolve(__dirname, '../..');

describe('npm start', () => {
  it('une configuration refusée : le message en français, code 1, aucune pile d’appels', () => {
    const r = spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', EDUCONNECT_DEMO: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('configuration : EDUCONNECT_DEMO=1 est refusé avec NODE_ENV=production');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('DomainError');
  });
});
