/**
 * `npm run bench:import:echelles` (issue « Speed », item 3): the directory import at 1×, 2× and 4×
 * a size (by default the académie's 4,000 schools × 150 pupils) — for each, the export generated,
 * a first import into an empty database and the same export again — and how time and peak memory
 * grow from one size to the next: time should follow the size (× 2 per step), memory stay flat.
 * One size at a time on the disk (the 4× export is about 5 GB of XML).
 * Options: --schools N (the 1× size) --pupils-per-school N --factors 1,2,4.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { migrateAll } from '@/lib/database/migrate-all';
import { arg, benchServer, importTold, timedImport, type MachineLoad } from './support';

const schools = arg('schools', 4000);
const perSchool = arg('pupils-per-school', 150);
const factorsAt = process.argv.indexOf('--factors');
const factors = factorsAt > 0 ? process.argv[factorsAt + 1].split(',').map(Number) : [1, 2, 4];
const log = (m: string) => process.stderr.write(`[bench:import:echelles] ${m}\n`);

interface Size {
  facteur: number;
  ecoles: number;
  eleves: number;
  mo: number;
  premierS: number;
  premierMo: number;
  reimportS: number;
  reimportMo: number;
  processeurs: { premier: MachineLoad | null; reimport: MachineLoad | null };
}

async function main() {
  const server = await benchServer();
  const sizes: Size[] = [];
  try {
    for (const factor of factors) {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-echelle-'));
      try {
        const n = schools * factor;
        const gen = await generateAaf({ outDir: work, schools: n, pupilsPerSchool: perSchool, seed: 2026 });
        const mo = Math.round(gen.files.reduce((s, f) => s + fs.statSync(f).size, 0) / 1e6);
        log(`× ${factor} : ${n} écoles, ${gen.pupils} élèves, ${mo} Mo`);
        const url = await server.createDb(`bench_echelle_${factor}`);
        await migrateAll(url);
        const first = await timedImport(url, work);
        log(`  premier import ${importTold(first)}`);
        const again = await timedImport(url, work);
        log(`  réimport inchangé ${importTold(again)}`);
        sizes.push({
          ...{ facteur: factor, ecoles: n, eleves: gen.pupils, mo },
          ...{ premierS: +(first.summary.dureeMs / 1000).toFixed(1), premierMo: first.maxRssMb },
          ...{ reimportS: +(again.summary.dureeMs / 1000).toFixed(1), reimportMo: again.maxRssMb },
          processeurs: { premier: first.processeurs, reimport: again.processeurs },
        });
        await server.dropDb(`bench_echelle_${factor}`);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  // Growth from each size to the next, per unit of size: 1.0 is linear.
  const croissance = sizes.slice(1).map((s, i) => {
    const p = sizes[i];
    const k = s.facteur / p.facteur;
    return {
      de: `× ${p.facteur} à × ${s.facteur}`,
      premierParUnite: +(s.premierS / p.premierS / k).toFixed(2),
      reimportParUnite: +(s.reimportS / p.reimportS / k).toFixed(2),
      memoirePremier: +(s.premierMo / p.premierMo).toFixed(2),
      memoireReimport: +(s.reimportMo / p.reimportMo).toFixed(2),
    };
  });
  for (const c of croissance)
    log(
      `${c.de} : temps par unité de taille ${c.premierParUnite} (premier) et ${c.reimportParUnite} (réimport), ` +
        `mémoire × ${c.memoirePremier} et × ${c.memoireReimport}`,
    );
  process.stdout.write(JSON.stringify({ tailles: sizes, croissance }, null, 2) + '\n');
}

main().catch((e) => {
  log(`échec : ${(e as Error).stack ?? e}`);
  process.exit(1);
});
