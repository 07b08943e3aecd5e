/**
 * `npm run bench:stats`: the statistics of guide §6.1 on an académie (4,000 schools): the nightly
 * computation of every school, and one school on demand (the large one: 1,000 pupils).
 */
import pg from 'pg';
import { disconnectDb } from '@/lib/db';
import { computeStats } from '@/lib/stats/compute-stats';
import { academieDatabase, bigSchoolUai } from './academie';
import { describeMachineLoad, seconds, watchMachineLoad } from './support';

const log = (m: string) => process.stderr.write(`[bench:stats] ${m}\n`);

async function main() {
  const db = await academieDatabase(log);
  process.env.DATABASE_URL = db.url;
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: number }>('select id from school where uai = $1', [bigSchoolUai]);
    const { rows: typical } = await c.query<{ id: number }>(`select id from school order by id limit 1 offset 100`);
    let t = Date.now();
    const load = watchMachineLoad();
    const n = await computeStats();
    const nightlyMs = Date.now() - t;
    const nightMachine = load();
    log(`nuit : ${n} écoles en ${seconds(nightlyMs)} ; ${describeMachineLoad(nightMachine)}`);
    const one = async (id: number) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        t = performance.now();
        await computeStats({ schoolIds: [id] });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { medianeMs: +times[10].toFixed(1), p95Ms: +times[18].toFixed(1), maxMs: +times[19].toFixed(1) };
    };
    const big = await one(rows[0].id);
    const usual = await one(typical[0].id);
    log(`une école de 1 000 élèves : médiane ${big.medianeMs} ms, p95 ${big.p95Ms} ms`);
    process.stdout.write(
      JSON.stringify(
        {
          nuit: { ecoles: n, s: +(nightlyMs / 1000).toFixed(1), processeurs: nightMachine },
          ecole1000Eleves: big,
          ecole150Eleves: usual,
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await c.end();
    await disconnectDb();
    await db.release();
  }
}

main().catch((e) => {
  log(`échec : ${(e as Error).stack ?? e}`);
  process.exit(1);
});
