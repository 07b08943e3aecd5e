import 'server-only';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { build } from 'esbuild';
import { projectRoot } from '@/lib/config/paths';

const bundles = new Map<string, Promise<URL>>();
/** Marks the plugin's own questions to esbuild's resolver. */
const ASKED = Symbol('asked');

/** What a thread's code holds besides the project's modules. */
export interface ThreadCodeOptions {
  /**
   * Packages bundled into the thread's code instead of left to Node, so that `substitutes` reach
   * the imports of their modules. What they import stays with Node, from where they sit.
   */
  inline?: string[];
  /**
   * A package replaced, wherever the bundled code imports it, by a module of the project (which
   * itself imports the package, from Node).
   */
  substitutes?: Record<string, URL>;
}

/**
 * `count` worker threads running `entry` (a TypeScript module of the project): its code is
 * bundled once per process and entry (`threadCode`; an entry always comes with the same `code`
 * options) and the threads start without loader hooks.
 */
export async function startThreads(
  entry: URL,
  count: number,
  options: WorkerOptions = {},
  code: ThreadCodeOptions = {},
): Promise<Worker[]> {
  const url = await threadCode(entry, code);
  return Array.from({ length: count }, () => new Worker(url, { ...options, execArgv: [] }));
}

/**
 * The code of a worker thread: the project's modules reached from `entry` bundled by esbuild
 * into one module held in memory (a `data:` URL, nothing written to disk), the packages left to
 * Node at their absolute addresses; it needs no loader hooks. Threads that went through the
 * TypeScript loader for every module took a second or more to start (docs/BENCHMARKS.md). Built
 * once per process and entry.
 */
function threadCode(entry: URL, options: ThreadCodeOptions): Promise<URL> {
  const key = entry.href;
  let code = bundles.get(key);
  if (!code) {
    code = bundle(entry, options);
    code.catch(() => bundles.delete(key));
    bundles.set(key, code);
  }
  return code;
}

async function bundle(entry: URL, { inline = [], substitutes = {} }: ThreadCodeOptions): Promise<URL> {
  const substitute = new Map(Object.entries(substitutes).map(([name, url]) => [name, fileURLToPath(url)]));
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
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith('@/') || inline.includes(args.path) || args.pluginData === ASKED) return undefined;
            const by = substitute.get(args.path);
            if (by && args.importer !== by) return { path: by };
            if (!args.importer.includes(`${path.sep}node_modules${path.sep}`))
              return { path: import.meta.resolve(args.path), external: true };
            // An import of a bundled package: from where that package sits (its own nested copies).
            const found = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              pluginData: ASKED,
            });
            if (found.errors.length) return { errors: found.errors };
            return { path: found.external ? found.path : pathToFileURL(found.path).href, external: true };
          });
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
