/** `npm test -- <part>`: an unknown part is refused instead of running nothing and saying all passed. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const root = path.resolve(__dirname, '../..');

describe('npm test', () => {
  it('refuse une partie inconnue, sortie 2, sans rien lancer', () => {
    const r = spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'scripts/test.ts', 'unitaire'], {
      cwd: root,
      env: process.env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('partie inconnue : unitaire');
    expect(r.stderr).toContain('style, types, unit, integration, e2e');
    expect(r.stderr).not.toContain('tout est passé');
  });
});
