/**
 * `npm run bench:import`: the directory import at académie scale (issue « Import de l'annuaire »).
 * Generates 4,000 schools × 150 pupils (600,000 pupils, about a million guardians), then times:
 * the first import into an empty database, the same export again, a 2 % delta, and — as the
 * yardstick — a raw COPY of the same staging rows into bare tables. Reports the importer's peak
 * memory. Options: --schools N --pupils-per-school N --delta PERCENT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { readAafFile } from '@/lib/directory/aaf/aaf-parser';
import { classifyFile } from '@/lib/directory/aaf/aaf-mapping';
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import { stagedLine } from '@/lib/directory/import/stage-file';
import { stagingColumnsSql } from '@/lib/directory/import/staging';
import type { ImportSummary } from '@/lib/directory/import/import-directory';
import { migrateAll } from '@/lib/database/migrate-all';
import { arg, benchServer, runChild, seconds } from './support';

const schools = arg('schools', 4000);
const perSchool = arg('pupils-per-school', 150);
const deltaPct = arg('delta', 2);
const log = (m: string) => process.stderr.write(`[bench:import] ${m}\n`);

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const server = await benchServer();
  try {
    const full = path.join(work, 'complet');
    const delta = path.join(work, 'delta');
    let t = Date.now();
    const gen = await generateAaf({ outDir: full, schools, pupilsPerSchool: perSchool, seed: 2026 });
    const genMs = Date.now() - t;
    const bytes = gen.files.reduce((n, f) => n + fs.statSync(f).size, 0);
    log(
      `export généré : ${gen.pupils} élèves, ${gen.guardians} responsables, ` +
        `${(bytes / 1e6).toFixed(0)} Mo en ${seconds(genMs)}`,
    );
    await generateAaf({ outDir: delta, schools, pupilsPerSchool: perSchool, seed: 2026, deltaPercent: deltaPct });

    const url = await server.createDb('bench_import');
    await migrateAll(url);
    const run = (dir: string) =>
      runChild<{ summary: ImportSummary; maxRssMb: number }>('tests/bench/run-import.ts', [url, dir]);
    log('premier import…');
    const first = await run(full);
    log(`premier import : ${seconds(first.summary.dureeMs)}, ${first.maxRssMb} Mo`);
    log('même export de nouveau…');
    const again = await run(full);
    log(`réimport inchangé : ${seconds(again.summary.dureeMs)}, ${again.maxRssMb} Mo`);
    log(`delta de ${deltaPct} %…`);
    const d = await run(delta);
    log(`delta : ${seconds(d.summary.dureeMs)}, ${d.maxRssMb} Mo`);

    // Yardstick: the same staging rows, already encoded, COPY'd into bare tables (no index, no check).
    log('référence : COPY brut des mêmes lignes…');
    const tsv = path.join(work, 'tsv');
    fs.mkdirSync(tsv);
    const writers: Record<string, fs.WriteStream> = {};
    for (const f of gen.files) {
      const c = classifyFile(path.basename(f))!;
      const w = (writers[c.category] ??= fs.createWriteStream(path.join(tsv, `${c.category}.tsv`)));
      for await (const batch of readAafFile(f)) {
        let out = '';
        for (const r of batch) out += stagedLine(c.category, r, 0, () => undefined);
        if (!w.write(out)) await new Promise<void>((r) => w.once('drain', () => r()));
      }
    }
    await Promise.all(Object.values(writers).map((w) => new Promise<void>((r) => w.end(() => r()))));
    const rawUrl = await server.createDb('bench_copy');
    const c = new pg.Client({ connectionString: rawUrl });
    await c.connect();
    for (const [cat, table] of Object.entries({
      EtabEducNat: 'school_raw',
      PersEducNat: 'agent_raw',
      Eleve: 'pupil_raw',
      PersRelEleve: 'guardian_raw',
    })) {
      await c.query(
        `create table ${table} (${stagingColumnsSql(cat as AafCategory).replace(' level level,', ' level text,')})`,
      );
    }
    const tables: Record<string, string> = {
      EtabEducNat: 'school_raw',
      PersEducNat: 'agent_raw',
      Eleve: 'pupil_raw',
      PersRelEleve: 'guardian_raw',
    };
    t = Date.now();
    for (const [cat, table] of Object.entries(tables)) {
      const stream = c.query(copyFrom(`copy ${table} from stdin`));
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(path.join(tsv, `${cat}.tsv`))
          .pipe(stream)
          .on('finish', resolve)
          .on('error', reject);
      });
    }
    const copyMs = Date.now() - t;
    await c.end();
    log(`COPY brut : ${seconds(copyMs)}`);

    const report = {
      machine: `${os.cpus().length} cœurs, ${(os.totalmem() / 2 ** 30).toFixed(0)} Gio, Node ${process.version}`,
      export: {
        ecoles: gen.schools,
        eleves: gen.pupils,
        responsables: gen.guardians,
        fichiers: gen.files.length,
        mo: Math.round(bytes / 1e6),
        generationS: +(genMs / 1000).toFixed(1),
      },
      premierImport: {
        s: +(first.summary.dureeMs / 1000).toFixed(1),
        memoireMaxMo: first.maxRssMb,
        comptesCrees: first.summary.comptesCrees,
        elevesEligibles: first.summary.elevesEligibles,
      },
      reimportInchange: { s: +(again.summary.dureeMs / 1000).toFixed(1), memoireMaxMo: again.maxRssMb },
      delta: {
        pourcent: deltaPct,
        s: +(d.summary.dureeMs / 1000).toFixed(1),
        memoireMaxMo: d.maxRssMb,
        comptesCrees: d.summary.comptesCrees,
      },
      copyBrutS: +(copyMs / 1000).toFixed(1),
      ratioImportSurCopy: +(first.summary.dureeMs / copyMs).toFixed(2),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  log(`échec : ${(e as Error).stack ?? e}`);
  process.exit(1);
});
