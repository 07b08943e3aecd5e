/**
 * `npm run bench:load` (issue « Hardening », item 9): the service under a school morning's load, on
 * `next start` and real worker processes, a throwaway database of 54 schools (19,000 pupils):
 * - 50 directors, each on « Responsables » of their school (default search, text search, sort on
 *   « Date de dernier accès » in turn), reading each page 2 to 8 s before asking the next;
 * - guardians signing in on the portal at 20 per second (open loop: one every 50 ms), as a browser with
 *   JavaScript does (the answer carries the portal's page);
 * - at the start, a 1,000-account paper batch and a 1,000-account e-mail batch, as two directors
 *   would ask them (the use case of the screen: one transaction, a job each).
 * - every 2 s, one SMS code to a parent, asked as the portal asks it (a portal-request job that makes the
 *   code, then its message's own job), whose wait from the request to « sent » is what the parent lives
 *   through while the batches run.
 * Run once with one worker, then with two (new batches on other schools). Reported per run: p50 /
 * p95 / max of the directors' pages and of the sign-ins, errors (any unexpected status), the time
 * each batch took from the request to « done », and the parents' SMS' waits. `--sans-lecture`: the
 * directors ask page after page without reading (50 requests always in flight), `--connexions N`: N
 * sign-ins per second.
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { hashPassword } from '@/lib/accounts/password-hash';
import { migrateAll } from '@/lib/database/migrate-all';
import { projectRoot } from '@/lib/config/paths';
import {
  arg,
  asReactSends,
  benchServer,
  directorSessionToken,
  percentile,
  signedInAsReact,
  signInFormFields,
  startNextServer,
  watchMachineLoad,
} from './support';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const log = (m: string) => process.stderr.write(`[bench:load] ${m}\n`);
const PORT = 3700;
const base = `http://localhost:${PORT}`;
const DIRECTORS = 50;
const PUPILS_PER_SCHOOL = 300;
const BATCH = 1000;
const PORTAL_ACCOUNTS = 400;
const PASSWORD = 'soleil2024';
const SIGN_INS_PER_SECOND = arg('connexions', 20);
const MIN_SECONDS = arg('duree-min', 30);
/** A director's reading time between two pages, ms (uniform); `--sans-lecture`: none (a closed loop). */
const THINK_MS = process.argv.includes('--sans-lecture') ? [0, 0] : [2000, 8000];
const NAMES = ['MARTIN', 'BERNARD', 'DUBOIS', 'THOMAS', 'ROBERT', 'PETIT', 'DURAND', 'LEROY', 'MOREAU', 'SIMON'];

const pct = (sorted: number[], p: number) => (sorted.length ? percentile(sorted, p) : null);
const summary = (xs: number[], errors: number, seconds: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    requetes: xs.length,
    parSeconde: +(xs.length / seconds).toFixed(1),
    p50Ms: pct(s, 50),
    p95Ms: pct(s, 95),
    maxMs: pct(s, 100),
    erreurs: errors,
  };
};

/** Schools, classes, pupils, one legal guardian each with a « Non notifié » account (e-mail known). */
async function seed(c: pg.Client) {
  const bigSchools = 4;
  await c.query(
    `insert into school (uai, name, academie)
     select '09' || lpad(i::text, 5, '0') || 'X',
            case when i <= $1::int then 'E.E.PU-CHARGE ' || i else 'E.E.PU-GRANDE ' || (i - $1::int) end, 'TOULOUSE'
       from generate_series(1, $1::int + $2::int) i`,
    [DIRECTORS, bigSchools],
  );
  await c.query(`insert into school_class (school_id, aaf_id, label)
                 select s.id, 'C' || k, 'Classe ' || k from school s, generate_series(1, 6) k`);
  await c.query(
    `insert into pupil (aaf_id, ine, last_name, first_name, birth_date, school_id, class_id, level, admitted)
     select 'P' || s.id || '-' || i, 'INE' || s.id || '-' || i, ($3::text[])[1 + i % 10] || ' ' || i,
            'Prénom' || i, date '2018-05-14', s.id, c.id, 'CP', true
       from school s
       cross join lateral generate_series(1, case when s.name like '%GRANDE%' then $2::int else $1::int end) i
       join school_class c on c.school_id = s.id and c.aaf_id = 'C' || (1 + i % 6)`,
    [PUPILS_PER_SCHOOL, BATCH, NAMES],
  );
  await c.query(`insert into account (identifiant, email)
                 select 'resp.' || p.id, 'resp' || p.id || '@exemple.fr' from pupil p`);
  await c.query(`insert into guardian (aaf_id, last_name, first_name, email, account_id, aaf_pupil_ids)
                 select 'G' || p.id, p.last_name, 'Parent', a.email, a.id, array[p.aaf_id]
                   from pupil p join account a on a.identifiant = 'resp.' || p.id`);
  await c.query(`insert into guardian_link (pupil_id, guardian_id, legal)
                 select p.id, g.id, true from pupil p join guardian g on g.aaf_id = 'G' || p.id`);
  await c.query(
    `insert into account (identifiant, state, origin, password_hash, email, email_verified_at)
     select 'portail.parent' || i, 'ACTIVE', 'RESPONSABLE', $1, 'portail' || i || '@exemple.fr', now()
       from generate_series(1, $2) i`,
    [await hashPassword(PASSWORD), PORTAL_ACCOUNTS],
  );
  await c.query('analyze');
}

/** The 50 directors' sessions, as a sign-in opens them (the row, and its id in the signed cookie). */
async function directorCookies(c: pg.Client, secret: string): Promise<string[]> {
  const { rows } = await c.query<{ id: number; uai: string }>(
    `select id, uai from school where name like 'E.E.PU-CHARGE %' order by id`,
  );
  const cookies: string[] = [];
  for (const [i, s] of rows.entries()) {
    const { rows: agent } = await c.query<{ id: number }>(
      `insert into agent (aaf_id, email, first_name, last_name) values ($1, $2, 'Dir', 'ECTEUR') returning id`,
      [`D${i}`, `directeur${i}@ac-toulouse.fr`],
    );
    await c.query('insert into agent_school (agent_id, school_id) values ($1, $2)', [agent[0].id, s.id]);
    const token = await directorSessionToken(c, agent[0].id, secret);
    cookies.push(`authjs.session-token=${token}; ec_etablissement=${s.uai}`);
  }
  return cookies;
}

function startWorkerProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/run.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, WORKER_CONCURRENCY: '2', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopProcess(p: ChildProcess) {
  if (p.exitCode !== null) return;
  const closed = new Promise((r) => p.once('close', r));
  p.kill('SIGTERM');
  await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.exitCode === null) p.kill('SIGKILL');
}

async function run(opts: {
  workers: number;
  url: string;
  env: Record<string, string>;
  cookies: string[];
  fields: [string, string][];
  schools: { letters: string; emails: string };
}) {
  const workers = Array.from({ length: opts.workers }, () => startWorkerProcess(opts.env));
  const c = new pg.Client({ connectionString: opts.url });
  await c.connect();
  try {
    await new Promise((r) => setTimeout(r, 4000)); // the workers start (tsx) before the clock does
    const { notifyAccounts } = await import('@/lib/accounts/notify-accounts');
    const { scopeRows } = await import('@/lib/accounts/search-accounts');
    const schoolId = async (uai: string) =>
      (await c.query<{ id: number }>('select id from school where uai = $1', [uai])).rows[0].id;

    let stop = false;
    const pages: number[] = [];
    let pageErrors = 0;
    const scenarios = ['?recherche=1', '?recherche=1&q=martin', '?recherche=1&tri=acces&ordre=desc'];
    // A director reads the page before asking the next one: 2 to 8 s (5 s on average) between requests.
    const think = () => new Promise((r) => setTimeout(r, THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0])));
    const directors = opts.cookies.map(async (cookie, d) => {
      await think();
      for (let i = d; !stop; i++, await think()) {
        const t = performance.now();
        try {
          const res = await fetch(`${base}/admin/responsables${scenarios[i % 3]}`, { headers: { cookie } });
          const body = await res.text();
          if (res.status !== 200 || !body.includes('élève(s)')) pageErrors++;
          else pages.push(performance.now() - t);
        } catch {
          pageErrors++;
        }
      }
    });
    const signIns: number[] = [];
    let signInErrors = 0;
    let n = 0;
    const inFlight = new Set<Promise<void>>();
    const ticker = setInterval(() => {
      const i = n++;
      // As a browser with JavaScript signs in: the answer carries the portal's page.
      const { body, headers } = asReactSends(opts.fields, `portail.parent${1 + (i % PORTAL_ACCOUNTS)}`, PASSWORD);
      const t = performance.now();
      const p = fetch(`${base}/connexion`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { 'x-forwarded-for': `10.9.${(i >> 8) & 255}.${i & 255}`, origin: base, ...headers },
      })
        .then(async (res) => {
          if (!signedInAsReact(res.status, res.headers, await res.text())) signInErrors++;
          else signIns.push(performance.now() - t);
        })
        .catch(() => void signInErrors++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }, 1000 / SIGN_INS_PER_SECOND);

    // A parent's SMS code every 2 s, asked as the portal asks it (« Renvoyer un code » on a path whose
    // person matched: a portal-request job, which makes the code and queues its message, itself a job);
    // its wait, from the request to the SMS sent, is read back at the end.
    const { openFlow } = await import('@/lib/portal/portal-flow');
    const { queuePortalRequest } = await import('@/lib/portal/portal-requests');
    const probeTag = `sonde-${opts.workers}-${Date.now()}`;
    let probes = 0;
    const prober = setInterval(() => {
      const i = probes++;
      void (async () => {
        const mobile = `+3361234${String(i).padStart(4, '0')}`;
        const { id } = await openFlow('SIGNUP', { step: 'code', mobile, accountIds: [i + 1], sonde: probeTag });
        await queuePortalRequest({ kind: 'nouveau-code', flowId: id, purpose: 'SIGNUP' });
      })();
    }, 2000);

    const started = performance.now();
    const load = watchMachineLoad();
    const batch = async (uai: string, channel: 'PAPER' | 'EMAIL') => {
      const id = await schoolId(uai);
      const t = performance.now();
      const outcome = await notifyAccounts({
        schoolId: id,
        agentId: null,
        rows: await scopeRows({ schoolId: id }),
        channel,
        reset: false,
      });
      for (;;) {
        const { rows } = await c.query<{ status: string; done: number; total: number }>(
          'select status, done, total from notification_batch where id = $1',
          [outcome.batchId],
        );
        if (rows[0].status === 'DONE' || rows[0].status === 'FAILED') {
          return {
            comptes: rows[0].total,
            statut: rows[0].status,
            dureeS: +((performance.now() - t) / 1000).toFixed(1),
          };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const [letters, emails] = await Promise.all([
      batch(opts.schools.letters, 'PAPER'),
      batch(opts.schools.emails, 'EMAIL'),
    ]);
    const remaining = MIN_SECONDS * 1000 - (performance.now() - started);
    if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
    stop = true;
    clearInterval(ticker);
    clearInterval(prober);
    await Promise.all([...directors, ...inFlight]);
    // The last SMS leave once the batches are done: their wait is counted to their sending.
    const probeWaits = async () =>
      (
        await c.query<{ ms: number | null }>(
          `select extract(epoch from (m.sent_at - f.created_at)) * 1000 as ms
             from portal_flow f
             left join sms_code s on s.context->>'flowId' = f.id
             left join outbound_message m on m.idempotency_key = 'sms-code:' || s.id
            where f.data->>'sonde' = $1`,
          [probeTag],
        )
      ).rows;
    for (let t = 0; t < 120 && (await probeWaits()).some((r) => r.ms === null); t++) {
      await new Promise((r) => setTimeout(r, 500));
    }
    const waits = (await probeWaits()).map((r) => (r.ms === null ? Infinity : Math.round(Number(r.ms))));
    const seconds = (performance.now() - started) / 1000;
    const sent = await c.query<{ n: number }>(
      `select count(*)::int as n from outbound_message where template = 'C02' and status = 'SENT'`,
    );
    return {
      workers: opts.workers,
      dureeS: +seconds.toFixed(1),
      pagesDirecteurs: summary(pages, pageErrors, seconds),
      connexionsPortail: summary(signIns, signInErrors, seconds),
      lotCourriers: letters,
      lotCourriels: { ...emails, courrielsEnvoyesCumul: sent.rows[0].n },
      smsParents: {
        ...summary(waits.filter(Number.isFinite), waits.filter((w) => !Number.isFinite(w)).length, seconds),
        parSeconde: undefined,
      },
      processeurs: load(),
    };
  } finally {
    await c.end();
    await Promise.all(workers.map(stopProcess));
  }
}

async function main() {
  const server = await benchServer();
  const url = await server.createDb('educonnect_bench_charge');
  await migrateAll(url);
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    ACCOUNT_SECRET_KEY: randomBytes(32).toString('base64'),
    STANDIN_CLIENT_SECRET: randomBytes(24).toString('base64url'),
  };
  Object.assign(process.env, secrets, { DATABASE_URL: url, AUTH_URL: base });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  log('données : 54 écoles, 19 000 élèves, 400 comptes du portail…');
  await seed(c);
  const cookies = await directorCookies(c, secrets.AUTH_SECRET);
  const big = (await c.query<{ uai: string }>(`select uai from school where name like '%GRANDE%' order by id`)).rows;
  await c.end();

  const web = await startNextServer({
    port: PORT,
    readyPath: '/connexion',
    build: true,
    env: { DATABASE_URL: url, ...secrets, TRUSTED_PROXY_HOPS: '1' },
  });
  // The workers' mail goes to the outbox table (demo transport): no e-mail leaves the machine.
  const workerEnv = { DATABASE_URL: url, ...secrets, AUTH_URL: base, EDUCONNECT_DEMO: '1' };
  try {
    const fields = await signInFormFields(base);
    for (const cookie of cookies.slice(0, 3))
      await (await fetch(`${base}/admin/responsables?recherche=1`, { headers: { cookie } })).text();
    const results = [];
    for (const [i, workers] of [1, 2].entries()) {
      log(`essai avec ${workers} worker(s)…`);
      const r = await run({
        workers,
        url,
        env: workerEnv,
        cookies,
        fields,
        schools: { letters: big[2 * i].uai, emails: big[2 * i + 1].uai },
      });
      log(JSON.stringify(r));
      results.push(r);
    }
    process.stdout.write(
      JSON.stringify(
        {
          charge: {
            directeurs: DIRECTORS,
            connexionsParSecondeDemandees: SIGN_INS_PER_SECOND,
            lots: `${BATCH} courriers + ${BATCH} courriels`,
            coeurs: os.availableParallelism(),
          },
          essais: results,
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await web.stop();
    await server.close();
  }
}

main().catch((e) => {
  log(`échec : ${(e as Error).stack ?? e}`);
  process.exit(1);
});
