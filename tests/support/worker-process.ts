import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll } from 'vitest';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const root = path.resolve(__dirname, '../..');

/**
 * Real worker processes (`workers/run.ts`) for the fault tests: quick heartbeats so that a killed
 * one's jobs are taken back within seconds; every one still running is killed after the file.
 */
export function useWorkerProcesses(): (env?: Record<string, string>, capture?: (text: string) => void) => ChildProcess {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  return (env = {}, capture) => {
    const child = spawn(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/run.ts'], {
      cwd: root,
      env: {
        ...process.env,
        WORKER_CONCURRENCY: '2',
        WORKER_HEARTBEAT_MS: '300',
        WORKER_STALE_MS: '1500',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    });
    if (capture) {
      child.stdout!.on('data', (c) => capture(String(c)));
      child.stderr!.on('data', (c) => capture(String(c)));
    }
    children.push(child);
    return child;
  };
}

/** Reads until `ok`, or fails after `timeoutMs` with the last value read. */
export async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`attente trop longue (dernière valeur : ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
