/**
 * Several nodes on one PostgreSQL (issue « Hardening », item 8): the service under test (node 1,
 * web + worker, demo mode) and a second node started here — `npm run web` (two processes of
 * `next start` on one port) in production without demo mode, plus a second worker process. A
 * director's session opened on node 1 works on node 2; a bulk notification asked on one node is
 * followed and downloaded on the other; every batch is processed once between the two workers (no
 * letter page, no e-mail twice); the demo outbox answers 404 on the node that is not in demo mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { baseURL } from '../../playwright.config';
import { createDirector, createFamily, createSchool, signInAsAgent, withDb } from './support';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

// Playwright runs from the project's root (package.json).
const root = process.cwd();
const port = Number(new URL(baseURL).port);
const NODE_2 = `http://localhost:${port + 2}`;
const FAMILIES = 100;

test.describe.configure({ mode: 'serial' });

const children: ChildProcess[] = [];
let worker2Log = '';

function start(args: string[], env: NodeJS.ProcessEnv, capture?: (text: string) => void): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => capture?.(String(d)));
  child.stderr!.on('data', (d) => capture?.(String(d)));
  children.push(child);
  return child;
}

test.beforeAll(async () => {
  // Node 2: the same build, the same secrets and public address, its own processes as a deployment runs
  // them (`npm run web`, two processes on one port); no demo mode (its agents' provider is configured as
  // a real one would be — here the stand-in node 1 serves).
  const web = [...TS_ENTRY_NODE_ARGS, 'scripts/web.ts'];
  start([...web, '-p', String(port + 2), '-H', 'localhost'], {
    ...process.env,
    WEB_PROCESSES: '2',
    NODE_ENV: 'production',
    PORT: String(port + 2),
    AUTH_URL: baseURL,
    EDUCONNECT_DEMO: '0',
    AGENT_OIDC_ISSUER: `http://localhost:${port + 1}/agents`,
    AGENT_OIDC_CLIENT_ID: 'educonnect-admin',
    AGENT_OIDC_CLIENT_SECRET: process.env.STANDIN_CLIENT_SECRET,
    EDUCONNECT_EDITEUR: 'Rectorat de l’académie de démonstration',
    EDUCONNECT_CONTACT: 'educonnect@ac-demo.fr',
    // Its providers, as a deployment sets them (a web node only queues messages: the workers send them).
    SMTP_URL: 'smtp://relais.ac-demo.fr:587',
    MAIL_FROM: 'Administrateur des services en ligne <ne-pas-repondre@ac-demo.fr>',
    SMS_GATEWAY_URL: 'https://sms.ac-demo.fr/envoi',
  });
  // Worker 2 (`npm run worker`), beside the worker of node 1.
  start(
    [...TS_ENTRY_NODE_ARGS, 'workers/run.ts'],
    { ...process.env, AUTH_URL: baseURL, EDUCONNECT_DEMO: '1', WORKER_CONCURRENCY: '2', LOG_LEVEL: 'info' },
    (text) => (worker2Log += text),
  );
  await expect
    .poll(
      async () =>
        fetch(`${NODE_2}/api/health`)
          .then((r) => r.status)
          .catch(() => 0),
      { timeout: 60_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  for (const c of children) {
    if (c.exitCode !== null) continue;
    const closed = new Promise((r) => c.once('close', r));
    c.kill('SIGTERM');
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  }
});

async function notifyPage(page: Page, node: string, pageNumber: 1 | 2, channel: 'papier' | 'courriel') {
  await page.goto(`${node}/admin/responsables`);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByText(`1 à 50 sur ${FAMILIES} élève(s)`)).toBeVisible();
  if (pageNumber === 2) {
    await page.getByRole('link', { name: 'Suivant' }).click();
    await expect(page.getByText(`51 à 100 sur ${FAMILIES} élève(s)`)).toBeVisible();
  }
  await page.getByRole('checkbox', { name: 'Sélectionner tous les responsables de la page' }).check();
  await expect(page.getByText('50 responsable(s) sélectionné(s)')).toBeVisible();
  await page.getByRole('button', { name: '(Re)Notifier les comptes' }).click();
  await page
    .getByRole('button', {
      name: channel === 'papier' ? 'Par feuilles individuelles imprimables' : 'Par envoi de courriers électroniques',
    })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Valider' }).click();
}

/** The newest batch of the school on this channel, once its request has committed. */
async function latestBatch(schoolId: number, channel: 'PAPER' | 'EMAIL'): Promise<number> {
  const read = () =>
    withDb(async (c) => {
      const { rows } = await c.query(
        `select id from notification_batch where school_id = $1 and channel = $2 order by id desc limit 1`,
        [schoolId, channel],
      );
      return (rows[0]?.id as number | undefined) ?? 0;
    });
  await expect.poll(read, { timeout: 20_000 }).toBeGreaterThan(0);
  return read();
}

/** Polls the batch's progress route on `node` (as the page does) until the batch is done. */
async function waitDone(request: APIRequestContext, node: string, batchId: number) {
  await expect
    .poll(
      async () => {
        const res = await request.get(`${node}/admin/responsables/courriers/${batchId}/etat`);
        return res.ok() ? ((await res.json()) as { status: string }).status : `HTTP ${res.status()}`;
      },
      { timeout: 120_000, intervals: [250, 500, 1000] },
    )
    .toBe('DONE');
}

test('deux nœuds web et deux workers sur une base : notifier sur l’un, suivre et télécharger sur l’autre', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const school = await createSchool('E.E.PU-DEUX-NOEUDS');
  for (let i = 0; i < FAMILIES; i++) {
    const n = String(i).padStart(3, '0');
    await createFamily(school, {
      first: `Élève${n}`,
      last: `FAMILLE${n}`,
      classLabel: i < 50 ? 'CP A' : 'CE1 B',
      level: i < 50 ? 'CP' : 'CE1',
      guardians: [{ first: 'Parent', state: 'NON_NOTIFIE', email: `parent${n}.${school.uai}@exemple.fr` }],
    });
  }
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);

  // The session of node 1 opens node 2 (sessions live in PostgreSQL; same cookie on localhost).
  await page.goto(`${NODE_2}/admin/responsables`);
  await expect(page.getByRole('heading', { name: 'Gestion des comptes responsables', level: 1 })).toBeVisible();

  // Paper letters asked on node 1, followed and downloaded on node 2.
  await notifyPage(page, baseURL, 1, 'papier');
  const paper = await latestBatch(school.id, 'PAPER');
  await waitDone(page.request, NODE_2, paper);
  const res = await page.request.get(`${NODE_2}/admin/responsables/courriers/${paper}`);
  expect(res.status()).toBe(200);
  const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
  const text = (await extractText(pdf, { mergePages: true })).text;
  expect(pdf.numPages).toBe(50);
  const addressed = [...text.matchAll(/A l'attention de Parent (FAMILLE\d{3})\./g)].map((m) => m[1]);
  expect(new Set(addressed).size).toBe(50);
  expect(addressed).toHaveLength(50);

  // E-mails asked on node 2, followed on node 1.
  await notifyPage(page, NODE_2, 2, 'courriel');
  const email = await latestBatch(school.id, 'EMAIL');
  await waitDone(page.request, baseURL, email);

  // Each batch processed once: 50 items each, every account one letter or one C02, nothing failed.
  const counts = await withDb(async (c) => {
    const items = await c.query(
      `select b.channel, count(*)::int as items, count(i.processed_at)::int as processed, b.done, b.total
         from notification_batch b join notification_item i on i.batch_id = b.id
        where b.id = any($1) group by b.id order by b.channel`,
      [[paper, email]],
    );
    const mails = await c.query(
      `select count(*)::int as mails, count(distinct m.account_id)::int as accounts
         from outbound_message m join notification_item i on i.account_id = m.account_id and i.batch_id = $1
        where m.template = 'C02'`,
      [email],
    );
    const jobs = await c.query(
      `select count(*)::int as n from graphile_worker.jobs
        where task_identifier = 'notification-batch' and (last_error is not null or attempts > 1)`,
    );
    const states = await c.query(
      `select a.state, count(*)::int as n from account a join guardian g on g.account_id = a.id
         join guardian_link l on l.guardian_id = g.id join pupil p on p.id = l.pupil_id
        where p.school_id = $1 group by a.state`,
      [school.id],
    );
    return { items: items.rows, mails: mails.rows[0], failedOrRetried: jobs.rows[0].n, states: states.rows };
  });
  expect(counts.items).toEqual([
    { channel: 'PAPER', items: 50, processed: 50, done: 50, total: 50 },
    { channel: 'EMAIL', items: 50, processed: 50, done: 50, total: 50 },
  ]);
  expect(counts.mails).toEqual({ mails: 50, accounts: 50 });
  expect(counts.failedOrRetried).toBe(0);
  expect(counts.states).toEqual([{ state: 'NOTIFIE_NON_ACTIVE', n: 100 }]);
  test.info().annotations.push({
    type: 'worker 2',
    description: `lignes de tâches du worker 2 : ${(worker2Log.match(/"tache":"/g) ?? []).length}`,
  });

  // Every process says what it is to PostgreSQL (pg_stat_activity): the nodes' web processes, their workers.
  const names = await withDb(async (c) => {
    const { rows } = await c.query<{ name: string }>(
      `select distinct application_name as name from pg_stat_activity
        where datname = current_database() and application_name like 'educonnect-%' order by 1`,
    );
    return rows.map((r) => r.name);
  });
  expect(names).toEqual(['educonnect-web', 'educonnect-worker']);

  // Demo services: on node 1 (demo) the outbox answers, on node 2 (not demo) it does not exist.
  expect((await page.request.get(`${baseURL}/dev/boite-mail`)).status()).toBe(200);
  expect((await page.request.get(`${NODE_2}/dev/boite-mail`)).status()).toBe(404);
});
