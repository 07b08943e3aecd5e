/**
 * `npm run bench:responsables`: the « Responsables » page of a school of 1,000 pupils in an
 * académie-sized database, served by `next start`: the default search, a text search and a sort on
 * « Date de dernier accès ». Each scenario: 200 sequential requests after a warm-up (p50 / p95 of
 * the response time on loopback), then autocannon with 2 connections for the throughput; and the
 * same page with its form only (no search), the fixed cost the searches pay too. Then twenty
 * directors at once: 400 requests of the three searches, twenty always in flight (req/s, p50/p95).
 * `BENCH_SAVE_PAGES=DIR` writes each page as served into DIR.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { academieDatabase, bigSchoolUai } from './academie';
import { directorSessionToken, percentile, serverCpuMs, startNextServer, watchMachineLoad } from './support';

const log = (m: string) => process.stderr.write(`[bench:responsables] ${m}\n`);
const PORT = 3500;
const base = `http://localhost:${PORT}`;

async function main() {
  const db = await academieDatabase(log);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const { rows } = await c.query<{ agent_id: number; rows: number }>(
    `select x.agent_id, (select count(*)::int from pupil p join guardian_link l on l.pupil_id = p.id and l.legal
                          join guardian g on g.id = l.guardian_id join account a on a.id = g.account_id
                         where p.school_id = s.id and p.detached_at is null and p.admitted and p.ine is not null
                           and p.class_id is not null) as rows
       from school s join agent_school x on x.school_id = s.id where s.uai = $1 limit 1`,
    [bigSchoolUai],
  );
  await c.end();
  const { agent_id: agentId, rows: lines } = rows[0];
  log(`école ${bigSchoolUai} : ${lines} lignes élève × responsable`);

  const secret = randomBytes(32).toString('base64url');
  const server = await startNextServer({
    port: PORT,
    readyPath: '/',
    build: true,
    env: { DATABASE_URL: db.url, AUTH_SECRET: secret, ACCOUNT_SECRET_KEY: randomBytes(32).toString('base64') },
  });
  try {
    const s = new pg.Client({ connectionString: db.url });
    await s.connect();
    const token = await directorSessionToken(s, agentId, secret);
    await s.end();
    const cookie = `authjs.session-token=${token}; ec_etablissement=${bigSchoolUai}`;
    const scenarios = {
      // The fixed cost: the same page with its form only (guard, classes, layout), no search.
      formulaireSeul: '/admin/responsables',
      rechercheParDefaut: '/admin/responsables?recherche=1',
      rechercheTexte: '/admin/responsables?recherche=1&q=martin',
      triDernierAcces: '/admin/responsables?recherche=1&tri=acces&ordre=desc',
    };
    const report: Record<string, unknown> = { ecole: bigSchoolUai, lignes: lines };
    for (const [name, url] of Object.entries(scenarios)) {
      const first = await fetch(base + url, { headers: { cookie } });
      const body = await first.text();
      const expected = name === 'formulaireSeul' ? 'Rechercher' : 'sur ';
      if (!first.ok || !body.includes(expected)) throw new Error(`${name} : réponse inattendue (${first.status})`);
      // BENCH_SAVE_PAGES=DIR keeps each page as served, to see what it weighs.
      if (process.env.BENCH_SAVE_PAGES) {
        fs.mkdirSync(process.env.BENCH_SAVE_PAGES, { recursive: true });
        fs.writeFileSync(path.join(process.env.BENCH_SAVE_PAGES, `${name}.html`), body);
      }
      for (let i = 0; i < 20; i++) await (await fetch(base + url, { headers: { cookie } })).text();
      const times: number[] = [];
      const load = watchMachineLoad();
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        await (await fetch(base + url, { headers: { cookie } })).text();
        times.push(performance.now() - t);
      }
      const machine = load();
      times.sort((a, b) => a - b);
      const ac = await autocannon({ url: base + url, connections: 2, duration: 10, headers: { cookie } });
      report[name] = {
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        maxMs: percentile(times, 100),
        requetesParSeconde2Connexions: Math.round(ac.requests.average),
        p97_5Ms2Connexions: ac.latency.p97_5,
        kio: Math.round(Buffer.byteLength(body) / 1024),
        processeurs: machine,
      };
      log(`${name} : p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms`);
    }
    // Twenty directors at once (issue « Speed », item 2): twenty requests always in flight, each
    // director going through the three searches in turn, 400 requests in all.
    const searchNames = ['rechercheParDefaut', 'rechercheTexte', 'triDernierAcces'] as const;
    const searches = searchNames.map((name) => scenarios[name]);
    const times: number[] = [];
    // The same times by search, to see which one makes the tail.
    const bySearch = searches.map(() => [] as number[]);
    let sent = 0;
    const cpuBefore = serverCpuMs(server.pid);
    const load = watchMachineLoad();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, async (_, d) => {
        for (let k = d; sent < 400; k++) {
          sent++;
          const t = performance.now();
          const res = await fetch(base + searches[k % searches.length], { headers: { cookie } });
          await res.text();
          if (!res.ok) throw new Error(`20 directeurs : statut ${res.status}`);
          const ms = performance.now() - t;
          times.push(ms);
          bySearch[k % searches.length].push(ms);
        }
      }),
    );
    const wall = performance.now() - started;
    const cpuAfter = serverCpuMs(server.pid);
    times.sort((a, b) => a - b);
    const perPage = (ms: number) => Math.round((ms / times.length) * 10) / 10;
    report.vingtDirecteurs = {
      requetes: times.length,
      parSeconde: Math.round((times.length / wall) * 10_000) / 10,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      maxMs: percentile(times, 100),
      parRecherche: Object.fromEntries(
        searchNames.map((name, i) => {
          const sorted = bySearch[i].sort((a, b) => a - b);
          return [name, { p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) }];
        }),
      ),
      // What a page costs in CPU, less sensitive to a busy machine than the times above.
      cpuServeurWebMsParPage: perPage(cpuAfter.web - cpuBefore.web),
      cpuPostgresMsParPage: perPage(cpuAfter.postgres - cpuBefore.postgres),
      processeurs: load(),
    };
    log(`20 directeurs : ${JSON.stringify(report.vingtDirecteurs)}`);
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } finally {
    await server.stop();
    await db.release();
  }
}

main().catch((e) => {
  log(`échec : ${(e as Error).stack ?? e}`);
  process.exit(1);
});
