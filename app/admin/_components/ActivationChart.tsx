import { formatDate, formatPct, formatTime } from '@/lib/format';

export interface ChartPoint {
  computedAt: Date;
  pctComptesActives: number;
  pctElevesAvecResponsableActive: number;
}

const W = 720;
const H = 260;
const M = { top: 16, right: 24, bottom: 40, left: 48 };

const ACCOUNTS = 'var(--background-action-high-blue-france)';
const PUPILS = 'var(--background-action-high-green-emeraude, #00a95f)';

/**
 * Activation over the past snapshots: an SVG line chart (% of accounts activated, % of pupils with
 * an activated guardian), described for assistive technologies, with its data in a table. Each
 * snapshot is marked on both lines — a disc on the solid one, a square on the dashed one — so that
 * a single snapshot (the first day) shows both figures, and the lines are told apart without colour.
 */
export function ActivationChart({ points }: { points: ChartPoint[] }) {
  if (points.length === 0) return null;
  const t0 = points[0].computedAt.getTime();
  const t1 = points[points.length - 1].computedAt.getTime();
  const span = Math.max(t1 - t0, 1);
  const max = Math.min(
    100,
    Math.max(
      10,
      Math.ceil(Math.max(...points.map((p) => Math.max(p.pctComptesActives, p.pctElevesAvecResponsableActive))) / 10) *
        10,
    ),
  );
  const x = (d: Date) =>
    points.length === 1
      ? M.left + (W - M.left - M.right) / 2
      : M.left + ((d.getTime() - t0) / span) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - v / max) * (H - M.top - M.bottom);
  const path = (key: 'pctComptesActives' | 'pctElevesAvecResponsableActive') =>
    points.map((p, i) => `${i ? 'L' : 'M'}${x(p.computedAt).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: 5 }, (_, i) => (max / 4) * i);
  const last = points[points.length - 1];
  const first = points[0];
  const summary =
    points.length === 1
      ? `Au calcul du ${formatDate(first.computedAt)}, ${formatPct(first.pctComptesActives)} des comptes sont ` +
        `activés et ${formatPct(first.pctElevesAvecResponsableActive)} des élèves ont au moins un responsable ` +
        `avec un compte activé.`
      : `Du ${formatDate(first.computedAt)} au ${formatDate(last.computedAt)}, le pourcentage de comptes activés ` +
        `passe de ${formatPct(first.pctComptesActives)} à ${formatPct(last.pctComptesActives)} et le pourcentage ` +
        `d'élèves ayant au moins un responsable avec un compte activé de ` +
        `${formatPct(first.pctElevesAvecResponsableActive)} à ${formatPct(last.pctElevesAvecResponsableActive)}.`;
  return (
    <figure className="fr-my-4w" aria-labelledby="evolution-titre">
      <h2 id="evolution-titre" className="fr-h5">
        Évolution de l&apos;activation des comptes
      </h2>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="evolution-titre evolution-resume"
        className="w-full max-w-3xl h-auto"
      >
        <desc id="evolution-resume">{summary}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="var(--border-default-grey)" />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end" fontSize="12" fill="var(--text-mention-grey)">
              {v} %
            </text>
          </g>
        ))}
        <text
          x={points.length === 1 ? x(first.computedAt) : M.left}
          y={H - 12}
          textAnchor={points.length === 1 ? 'middle' : 'start'}
          fontSize="12"
          fill="var(--text-mention-grey)"
        >
          {formatDate(first.computedAt)}
        </text>
        {points.length > 1 && (
          <text x={W - M.right} y={H - 12} textAnchor="end" fontSize="12" fill="var(--text-mention-grey)">
            {formatDate(last.computedAt)}
          </text>
        )}
        <path d={path('pctComptesActives')} fill="none" stroke={ACCOUNTS} strokeWidth="3" />
        <path
          d={path('pctElevesAvecResponsableActive')}
          fill="none"
          stroke={PUPILS}
          strokeWidth="3"
          strokeDasharray="6 4"
        />
        {points.map((p) => (
          <g key={p.computedAt.getTime()}>
            <circle cx={x(p.computedAt)} cy={y(p.pctComptesActives)} r="3.5" fill={ACCOUNTS} />
            <rect
              x={x(p.computedAt) - 3.5}
              y={y(p.pctElevesAvecResponsableActive) - 3.5}
              width="7"
              height="7"
              fill={PUPILS}
            />
          </g>
        ))}
      </svg>
      <figcaption>
        <p className="fr-text--sm fr-mb-1w">
          Trait plein et ronds : % de comptes resp. avec un compte activé. Tirets et carrés : % d&apos;élèves ayant au
          moins un resp. avec un compte activé.
        </p>
        <details>
          <summary>Voir les données du graphique</summary>
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Données du graphique</caption>
              <thead>
                <tr>
                  <th scope="col">Calcul</th>
                  <th scope="col">% de comptes resp. avec un compte activé</th>
                  <th scope="col">% d&apos;élèves ayant au moins un resp. avec un compte activé</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.computedAt.getTime()}>
                    <td>
                      {formatDate(p.computedAt)} {formatTime(p.computedAt)}
                    </td>
                    <td>{formatPct(p.pctComptesActives)}</td>
                    <td>{formatPct(p.pctElevesAvecResponsableActive)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
