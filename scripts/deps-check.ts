/**
 * `npm run deps:check`: the production packages (`npm ls --omit=dev --all`) that are behind the
 * newest release of their own line (same major; same minor for 0.x), or deprecated. A security fix
 * lands there first: this is the list to look up in the advisories when `npm audit` cannot run (the
 * registry these machines reach refuses its endpoints; docs/DECISIONS.md « Dependency audit where
 * `npm audit` cannot run »). Reads the registry's package documents; writes JSON on stdout.
 */
import { execFileSync } from 'node:child_process';
import { projectRoot } from '@/lib/config/paths';

interface Tree {
  version?: string;
  dependencies?: Record<string, Tree>;
}

const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');

/** Every name@version of the production tree, once. */
function productionPackages(): [string, string][] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seen = new Set<string>();
  const walk = (deps: Record<string, Tree> = {}) => {
    for (const [name, t] of Object.entries(deps)) {
      if (t.version && !seen.has(`${name}@${t.version}`)) {
        seen.add(`${name}@${t.version}`);
        walk(t.dependencies);
      }
    }
  };
  walk((JSON.parse(out) as Tree).dependencies);
  return [...seen].map((s) => [s.slice(0, s.lastIndexOf('@')), s.slice(s.lastIndexOf('@') + 1)]);
}

const parts = (v: string) => v.split(/[.+-]/).slice(0, 3).map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};
/** The line a version belongs to: its major, or its minor under 1.0 (where a minor may break). */
const line = (v: string) => (parts(v)[0] === 0 ? parts(v).slice(0, 2) : parts(v).slice(0, 1)).join('.');

async function check([name, version]: [string, string]) {
  const res = await fetch(registry + name.replace('/', '%2f'), {
    headers: { accept: 'application/vnd.npm.install-v1+json' },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) return { paquet: name, version, erreur: `registre : réponse ${res.status}` };
  const doc = (await res.json()) as {
    'dist-tags'?: { latest?: string };
    versions: Record<string, { deprecated?: string }>;
  };
  const sameLine = Object.keys(doc.versions).filter((v) => !v.includes('-') && line(v) === line(version));
  const newest = sameLine.reduce((a, b) => (newer(b, a) ? b : a), version);
  const deprecated = doc.versions[version]?.deprecated;
  if (newest === version && !deprecated) return null;
  return {
    paquet: name,
    version,
    ...(newest !== version ? { plusRecenteDeSaLigne: newest } : {}),
    derniere: doc['dist-tags']?.latest ?? null,
    ...(deprecated ? { deconseillee: deprecated } : {}),
  };
}

async function main() {
  const packages = productionPackages();
  const found: NonNullable<Awaited<ReturnType<typeof check>>>[] = [];
  for (let i = 0; i < packages.length; i += 16) {
    for (const r of await Promise.all(packages.slice(i, i + 16).map(check))) if (r) found.push(r);
  }
  found.sort((a, b) => a.paquet.localeCompare(b.paquet));
  process.stderr.write(
    `[deps:check] ${packages.length} paquets de production ; ${found.length} en retard sur leur ligne, ` +
      `dépréciés ou illisibles : à chercher dans les avis de sécurité.\n`,
  );
  process.stdout.write(`${JSON.stringify({ paquets: packages.length, aVerifier: found }, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`[deps:check] échec : ${(e as Error).message}\n`);
  process.exit(1);
});
