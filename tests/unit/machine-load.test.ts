import { describe, expect, it } from 'vitest';
import { describeMachineLoad, watchMachineLoad } from '@/scripts/machine-load';

describe('ce que font les processeurs pendant une mesure', () => {
  it('donne les parts occupée, inactive et volée depuis le début, en pour cent', async () => {
    const load = watchMachineLoad();
    const until = Date.now() + 300;
    while (Date.now() < until) Math.sqrt(Math.random()); // du travail, pour que le temps passe
    await new Promise((r) => setTimeout(r, 50));
    const shares = load();
    expect(shares).not.toBeNull(); // Linux : /proc/stat
    const { occupe_pct, inactif_pct, vole_pct } = shares!;
    for (const v of [occupe_pct, inactif_pct, vole_pct]) expect(v).toBeGreaterThanOrEqual(0);
    expect(occupe_pct).toBeGreaterThan(0);
    expect(occupe_pct + inactif_pct + vole_pct).toBeGreaterThanOrEqual(99);
    expect(occupe_pct + inactif_pct + vole_pct).toBeLessThanOrEqual(101);
  });

  it('le dit en français, ou rien quand il ne peut pas le lire', () => {
    expect(describeMachineLoad({ occupe_pct: 91, inactif_pct: 3, vole_pct: 6 })).toBe(
      'processeurs : occupés 91 %, inactifs 3 %, volés 6 %',
    );
    expect(describeMachineLoad(null)).toBe('');
  });
});
