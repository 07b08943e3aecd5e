import 'server-only';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { build } from 'esbuild';
import { projectRoot } from '@/lib/config/paths';

const bundles = new Map<string, Promise<URL>>();

/**
 * `count` worker threads running `entry` (a TypeScript module of the project): its code is
 * bundled once per process (`threadCode`) and the threads start without loader hooks.
 */
export async function startThreads(entry: URL, count: number, options: WorkerOptions = {}): Promise<Worker[]> {
  const code = await threadCode(entry);
  return Array.from({ length: count }, () => new Worker(code, { ...options, execArgv: [] }));
}

/**
 * The code of a worker thread: the project's modules reached from `entry` bundled by esbuild
 * into one module held in memory (a `data:` URL, nothing written to disk), the packages left to
 * Node at their absolute addresses; it needs no loader hooks. Threads that went through the
 * TypeScript loader for every module took a second or more to start (docs/BENCHMARKS.md). Built
 * once per process and entry.
 */
function threadCode(entry: URL): Promise<URL> {
  const key = entry.href;
  let code = bundles.get(key);
  if (!code) {
    code = bundle(entry);
    code.catch(() => bundles.delete(key));
    bundles.set(key, code);
  }
  return code;
}

async function bundle(entry: URL): Promise<URL> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    tsconfig: path.join(projectRoot, 'tsconfig.json'),
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    jsx: 'automatic',
    logLevel: 'silent',
    plugins: [
      {
        name: 'packages-by-address',
        setup(b) {
          // The « server-only » marker of lib/ modules: nothing to load outside Next.
          b.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
          b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '' }));
          // Bare specifiers only; « @/… » is the project's own alias, bundled.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@/') ? undefined : { path: import.meta.resolve(args.path), external: true },
          );
        },
      },
    ],
  });
  // Named in stack traces by its entry (`fil:letters/render-worker-body.tsx:…`), not by the whole
  // data: URL, which would put the bundle's code in every logged error.
  const name = `fil:${path.relative(projectRoot, fileURLToPath(entry))}`;
  const code = `${result.outputFiles[0].text}\n//# sourceURL=${name}\n`;
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
