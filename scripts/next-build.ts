/**
 * The production build of the web application (`next build`), shared by `npm run build`, `npm start`
 * (which builds when the sources are newer than the build) and `npm test` (which builds while the
 * style and type checks run, so that the end-to-end part finds the build ready).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@/lib/config/paths';

export const NEXT_BIN = path.join(projectRoot, 'node_modules/next/dist/bin/next');
const REACT_DSFR_BIN = path.join(projectRoot, 'node_modules/@codegouvfr/react-dsfr/bin/react-dsfr.js');

/**
 * The DSFR's stylesheet as the sources use it, before every build (and before `next dev`): react-dsfr's
 * own tools rewrite its files in node_modules with only the icons and the components that the
 * sources name (DECISIONS « The DSFR stylesheet, trimmed »). `--strict` makes a component it cannot
 * place fail the build rather than quietly ship the whole stylesheet.
 */
export function trimDsfrStyles(): void {
  for (const args of [['update-icons'], ['only-include-used-components', '--strict']])
    execFileSync(process.execPath, [REACT_DSFR_BIN, ...args, '--silent'], { cwd: projectRoot, stdio: 'inherit' });
}

/** What the build is made from: a newer file here makes it stale. */
const SOURCES = [
  'app',
  'lib',
  'emails',
  'letters',
  'public',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** A production build is redone when a source file is newer than it. */
export function buildIsStale(): boolean {
  const buildId = path.join(projectRoot, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(projectRoot, s)) > built);
}

/**
 * The environment of a production build. `typesCheckedElsewhere`: the caller type-checks the whole
 * project itself (npm test), so the build skips its own check (next.config.mjs).
 */
export function buildEnv(env: NodeJS.ProcessEnv, { typesCheckedElsewhere = false } = {}): NodeJS.ProcessEnv {
  return {
    ...env,
    NODE_ENV: 'production',
    ...(typesCheckedElsewhere && { EDUCONNECT_BUILD_SKIP_TYPECHECK: '1' }),
  };
}

/** Builds the application (`next build`, production); rejects with the exit code. */
export function buildApp(env: NodeJS.ProcessEnv): Promise<void> {
  trimDsfrStyles();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
      cwd: projectRoot,
      env: buildEnv(env),
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`next build : code ${code}`))));
  });
}
