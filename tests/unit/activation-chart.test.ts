/**
 * The « Évolution de l'activation des comptes » chart of « Statistiques » (ActivationChart): both
 * figures of every snapshot are drawn where their value says, the first day included.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ActivationChart, type ChartPoint } from '@/app/admin/_components/ActivationChart';

const draw = (points: ChartPoint[]) => renderToStaticMarkup(createElement(ActivationChart, { points }));

/** The markers of each line, as [x, y] in the SVG's coordinates. */
function markers(svg: string) {
  const discs = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const squares = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="7" height="7"/g)].map((m) => [
    Number(m[1]) + 3.5,
    Number(m[2]) + 3.5,
  ]);
  return { discs, squares };
}

/** The height in the SVG of a percentage, from the axis' own ticks (0 % at the bottom, the top tick above). */
function scale(svg: string) {
  const ticks = [...svg.matchAll(/<line [^>]*y1="([\d.]+)"[^>]*><\/line><text [^>]*>([\d.]+) %/g)].map((m) => ({
    y: Number(m[1]),
    v: Number(m[2]),
  }));
  const zero = ticks.find((t) => t.v === 0)!;
  const top = ticks.reduce((a, b) => (b.v > a.v ? b : a));
  return (v: number) => zero.y + ((top.y - zero.y) * v) / top.v;
}

describe('ActivationChart', () => {
  it('un seul calcul : les deux pourcentages sont marqués, l’un au-dessus de l’autre, la date dessous', () => {
    const svg = draw([
      { computedAt: new Date('2026-12-02T19:10:01Z'), pctComptesActives: 25.58, pctElevesAvecResponsableActive: 47.27 },
    ]);
    const { discs, squares } = markers(svg);
    const y = scale(svg);
    expect(discs).toHaveLength(1);
    expect(squares).toHaveLength(1);
    expect(discs[0][0]).toBeCloseTo(squares[0][0], 1);
    expect(discs[0][1]).toBeCloseTo(y(25.58), 0);
    expect(squares[0][1]).toBeCloseTo(y(47.27), 0);
    const date = svg.match(/<text x="([\d.]+)"[^>]*text-anchor="middle"[^>]*>02-12-2026<\/text>/);
    expect(date, 'la date du calcul, centrée sous ses deux marques').not.toBeNull();
    expect(Number(date![1])).toBeCloseTo(discs[0][0], 1);
    expect(svg).toContain(
      '<desc id="evolution-resume">Au calcul du 02-12-2026, 25.58 % des comptes sont activés et 47.27 % des élèves ' +
        'ont au moins un responsable avec un compte activé.</desc>',
    );
  });

  it('plusieurs calculs : chaque ligne a une marque par calcul, dans l’ordre du temps', () => {
    const svg = draw([
      { computedAt: new Date('2026-11-30T02:00:00Z'), pctComptesActives: 10, pctElevesAvecResponsableActive: 20 },
      { computedAt: new Date('2026-12-01T02:00:00Z'), pctComptesActives: 30, pctElevesAvecResponsableActive: 55 },
      { computedAt: new Date('2026-12-02T02:00:00Z'), pctComptesActives: 40, pctElevesAvecResponsableActive: 70 },
    ]);
    const { discs, squares } = markers(svg);
    const y = scale(svg);
    expect(discs.map(([, v]) => v)).toEqual([10, 30, 40].map((v) => expect.closeTo(y(v), 0)));
    expect(squares.map(([, v]) => v)).toEqual([20, 55, 70].map((v) => expect.closeTo(y(v), 0)));
    expect(discs.map(([x]) => x)).toEqual(squares.map(([x]) => expect.closeTo(x, 1)));
    expect(discs[0][0]).toBeLessThan(discs[1][0]);
    expect(discs[1][0]).toBeLessThan(discs[2][0]);
    expect(svg).toContain('>30-11-2026</text>');
    expect(svg).toContain('>02-12-2026</text>');
    expect(svg).toContain('Du 30-11-2026 au 02-12-2026, le pourcentage de comptes activés passe de 10 % à 40 %');
  });

  it('aucun calcul : rien n’est dessiné', () => {
    expect(draw([])).toBe('');
  });
});
