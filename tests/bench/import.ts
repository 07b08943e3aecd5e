/**
 * `npm run bench:import`: the directory import at académie scale (issue « Import de l'annuaire »).
 * Generates 4,000 schools × 150 pupils (600,000 pupils, about a million guardians), then times:
 * the first import into an empty database, the same export again, a 2 % delta, a rentrée (the same
 * full export with every pupil in a new class), and — as the yardstick — the floor of issue « Speed »:
 * Python's expat reading every file once (one core) plus a raw COPY of the same staging rows into
 * tables with their primary and foreign keys; each import is printed beside `floor = parse + COPY`
 * with its ratio. A second yardstick, after the first import: its rows written alone (raw COPY in one
 * transaction, keys and indexes after, write-only.ts), and expat plus that writing, the least an
 * all-or-nothing import can take here. Also: our scanner's MB/s on the largest file
 * beside saxes and sax-wasm, the importer's peak memory, and with `--phases` the time of each phase.
 * Options: --schools N --pupils-per-school N --delta PERCENT --phases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { readAafFile } from '@/lib/directory/aaf/aaf-parser';
import { CATEGORIES, classifyFile } from '@/lib/directory/aaf/aaf-mapping';
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import { stagedLine } from '@/lib/directory/import/stage-file';
import { STAGING, stagingColumnsSql } from '@/lib/directory/import/staging';
import { migrateAll } from '@/lib/database/migrate-all';
import { expatSeconds, scannerMbPerSecond } from './parsers';
import { arg, benchServer, describeMachineLoad, importTold, seconds, timedImport, watchMachineLoad } from './support';
import { timeWriteOnly } from './write-only';

const schools = arg('schools', 4000);
const perSchool = arg('pupils-per-school', 150);
const deltaPct = arg('delta', 2);
const showPhases = process.argv.includes('--phases');
const log = (m: string) => process.stderr.write(`[bench:import] ${m}\n`);
type Phases = { phase: string; ms: number }[];
const printPhases = (phases: Phases) => {
  if (showPhases) for (const p of phases) log(`    ${p.phase.padEnd(40)} ${seconds(p.ms)}`);
};

/**
 * The full export of `from` as the next school year's could be: every pupil's class gets a new
 * identifier (`…$0$0$C03$…` becomes `…$0$0$R03$…`), everything else byte for byte.
 */
function writeRentree(from: string, to: string) {
  fs.mkdirSync(to);
  for (const name of fs.readdirSync(from)) {
    const text = fs.readFileSync(path.join(from, name), 'latin1');
    const moved = /_Eleve_\d+\.xml$/.test(name) ? text.replace(/\$0\$0\$C(\d+)\$/g, '$$0$$0$$R$1$$') : text;
    fs.writeFileSync(path.join(to, name), moved, 'latin1');
  }
}

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
    // The reading floor first, on a quiet machine: expat over every file, then the three readers.
    log('plancher : expat lit chaque fichier une fois (un cœur)…');
    const expatLoad = watchMachineLoad();
    const expat = expatSeconds(gen.files);
    const expatMachine = expatLoad();
    const parseS = expat.parse;
    log(
      `expat : ${parseS.toFixed(1)} s pour ${(bytes / 1e6).toFixed(0)} Mo sans rappel ` +
        `(${expat.withCallbacks.toFixed(1)} s avec des rappels Python vides)`,
    );
    const largest = [...gen.files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    const speeds = await scannerMbPerSecond(largest);
    log(
      `lecture de ${path.basename(largest)} (${(fs.statSync(largest).size / 1e6).toFixed(0)} Mo, un fil) : ` +
        `notre lecteur ${speeds.nous} Mo/s (${speeds.nousBaliseParBalise} Mo/s balise par balise), ` +
        `saxes ${speeds.saxes} Mo/s, sax-wasm ${speeds.saxWasm} Mo/s`,
    );

    const run = (dir: string) => timedImport(url, dir);
    log('premier import…');
    const first = await run(full);
    log(`premier import : ${importTold(first)}`);
    printPhases(first.phases);
    // The second yardstick, on the rows the first import has just written (write-only.ts).
    log('écriture seule : les lignes de ce premier import, copiées brutes dans une base vide…');
    const written = await timeWriteOnly(url, await server.createDb('bench_ecriture'), path.join(work, 'ecriture'));
    await server.dropDb('bench_ecriture');
    const writtenLoad = describeMachineLoad(written.processeurs);
    log(`écriture seule : ${seconds(written.ms)} pour ${written.rows} lignes ; ${writtenLoad}`);
    printPhases(written.steps.map((s) => ({ phase: s.step, ms: s.ms })));
    log('même export de nouveau…');
    const again = await run(full);
    log(`réimport inchangé : ${importTold(again)}`);
    printPhases(again.phases);
    log(`delta de ${deltaPct} %…`);
    const d = await run(delta);
    log(`delta : ${importTold(d)}`);
    printPhases(d.phases);
    // The September export: the same people, every pupil in a new class. No record of a pupil is
    // recognised, every one is merged as a change (a full export once took 18 minutes this way).
    log('rentrée : le même export complet, chaque élève dans une nouvelle classe…');
    const rentree = path.join(work, 'rentree');
    writeRentree(full, rentree);
    const sept = await run(rentree);
    log(`rentrée : ${importTold(sept)}`);
    printPhases(sept.phases);

    // Yardstick: the same staging rows, already encoded, COPY'd into tables with their keys.
    log('plancher : COPY des mêmes lignes dans des tables avec leurs clés…');
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
    // Primary keys as the domain tables have them, and the one foreign key the rows can carry (the
    // pupil's school); relations held in arrays (legal guardians, pupils of a guardian) have none.
    // CATEGORIES lists the schools first: the pupils' foreign key finds them.
    const keys: Record<AafCategory, string> = {
      EtabEducNat: ', primary key (uai)',
      PersEducNat: ', primary key (aaf_id)',
      Eleve: ', primary key (aaf_id), foreign key (school_uai) references school_raw (uai)',
      PersRelEleve: ', primary key (aaf_id)',
    };
    const rawTable = (cat: AafCategory) => `${STAGING[cat].table}_raw`;
    for (const cat of CATEGORIES) {
      const columns = stagingColumnsSql(cat).replace(' level level,', ' level text,');
      await c.query(`create table ${rawTable(cat)} (${columns}${keys[cat]})`);
    }
    t = Date.now();
    const copyLoad = watchMachineLoad();
    for (const cat of CATEGORIES) {
      const stream = c.query(copyFrom(`copy ${rawTable(cat)} from stdin`));
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(path.join(tsv, `${cat}.tsv`))
          .pipe(stream)
          .on('finish', resolve)
          .on('error', reject);
      });
    }
    const copyMs = Date.now() - t;
    const copyMachine = copyLoad();
    await c.end();
    log(`COPY avec clés : ${seconds(copyMs)}`);
    const floorMs = parseS * 1000 + copyMs;
    const ratio = (ms: number) => +(ms / floorMs).toFixed(2);
    log(
      `plancher = expat ${parseS.toFixed(1)} s + COPY ${seconds(copyMs)} = ${seconds(floorMs)} ; ` +
        `premier import ${ratio(first.summary.dureeMs)} × le plancher (cible ≤ 2), réimport inchangé ` +
        `${ratio(again.summary.dureeMs)} × (cible ≤ 1), delta ${seconds(d.summary.dureeMs)} (cible ≤ 10 s), ` +
        `rentrée ${seconds(sept.summary.dureeMs)} (${ratio(sept.summary.dureeMs)} ×)`,
    );
    // What no importer can beat in one transaction here: the fastest reading known (expat) and the
    // writing alone of the rows it must leave.
    const leastMs = parseS * 1000 + written.ms;
    log(
      `en une transaction, au moins : expat ${parseS.toFixed(1)} s + écriture seule ${seconds(written.ms)} = ` +
        `${seconds(leastMs)}, ${ratio(leastMs)} × le plancher ; ` +
        `premier import ${(first.summary.dureeMs / leastMs).toFixed(2)} × ce minimum`,
    );

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
      plancher: {
        expatS: +parseS.toFixed(1),
        expatAvecRappelsS: +expat.withCallbacks.toFixed(1),
        copyAvecClesS: +(copyMs / 1000).toFixed(1),
        s: +(floorMs / 1000).toFixed(1),
        processeurs: { expat: expatMachine, copy: copyMachine },
      },
      ecritureSeule: {
        s: +(written.ms / 1000).toFixed(1),
        lignes: written.rows,
        etapes: written.steps,
        processeurs: written.processeurs,
        expatPlusEcritureSurPlancher: ratio(leastMs),
        premierImportSurCeMinimum: +(first.summary.dureeMs / leastMs).toFixed(2),
      },
      lecturePlusGrosFichierMoParS: { fichier: path.basename(largest), ...speeds },
      premierImport: {
        s: +(first.summary.dureeMs / 1000).toFixed(1),
        surPlancher: ratio(first.summary.dureeMs),
        phases: first.phases,
        memoireMaxMo: first.maxRssMb,
        processeurs: first.processeurs,
        comptesCrees: first.summary.comptesCrees,
        elevesEligibles: first.summary.elevesEligibles,
      },
      reimportInchange: {
        s: +(again.summary.dureeMs / 1000).toFixed(1),
        surPlancher: ratio(again.summary.dureeMs),
        memoireMaxMo: again.maxRssMb,
        processeurs: again.processeurs,
        phases: again.phases,
      },
      rentree: {
        s: +(sept.summary.dureeMs / 1000).toFixed(1),
        memoireMaxMo: sept.maxRssMb,
        processeurs: sept.processeurs,
        phases: sept.phases,
      },
      delta: {
        pourcent: deltaPct,
        s: +(d.summary.dureeMs / 1000).toFixed(1),
        memoireMaxMo: d.maxRssMb,
        processeurs: d.processeurs,
        comptesCrees: d.summary.comptesCrees,
        phases: d.phases,
      },
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
