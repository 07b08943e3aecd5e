/**
 * `npm run bench:navigateur`: what a real browser costs the web server, beyond the page the other
 * benchmarks fetch. Chromium opens pages of the built service (`next start`, a throwaway database with
 * one school of 60 families): each first visit of the public pages (a fresh browser, so every file of
 * the build is asked for), then page views of a director and of a parent whose browser already holds
 * those files. For each: the requests the server received by kind (the page, files of the build,
 * prefetches, others) and the web server's processor time, read from /proc. Chromium runs on the same
 * machine: its own time is not counted. And a parent's sign-in through the form, one at a time: the
 * server's processor time and the wait from the click to « Mon compte » on screen (the one wall-clock
 * figure, on an otherwise idle server).
 */
import { randomBytes } from 'node:crypto';
import { chromium as launcher, type BrowserContext, type Page } from '@playwright/test';
import { migrateAll } from '@/lib/database/migrate-all';
import { chromium } from '@/playwright.config';
import { createDirector, createFamily, createSchool, withDb } from '@/tests/support/factories';
import { benchServer, directorSessionToken, serverCpuMs, startNextServer, watchMachineLoad } from './support';

const log = (m: string) => process.stderr.write(`[bench:navigateur] ${m}\n`);
const PORT = 3700;
const base = `http://localhost:${PORT}`;
const RUNS = 10;
const PASSWORD = 'soleil2024';

type Kind = 'page' | 'construction' | 'prechargement' | 'autre';

/**
 * Counts the requests of `page` that reach the server: Chromium's protocol says which ones its
 * caches answered (memory: `requestServedFromCache`; disk: `fromDiskCache`), and those are left out.
 */
async function countRequests(page: Page) {
  const counts: Record<Kind, number> = { page: 0, construction: 0, prechargement: 0, autre: 0 };
  const sent = new Map<string, Kind>();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    const kind: Kind = e.request.headers['next-router-prefetch']
      ? 'prechargement'
      : e.request.url.includes('/_next/static/')
        ? 'construction'
        : e.type === 'Document'
          ? 'page'
          : 'autre';
    if (e.request.url.startsWith(base)) sent.set(e.requestId, kind);
  });
  cdp.on('Network.requestServedFromCache', (e) => sent.delete(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) sent.delete(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const kind = sent.get(e.requestId);
    if (kind) counts[kind]++;
    sent.delete(e.requestId);
  });
  return counts;
}

/** Opens `path` and waits while the page settles (hydration, then whatever it asks for when idle). */
async function open(page: Page, path: string) {
  await page.goto(base + path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
}

async function main() {
  // The throwaway PostgreSQL goes away whatever happens, a failed setup included.
  const pg = await benchServer();
  try {
    await measureAll(pg);
  } finally {
    await pg.close();
  }
}

async function measureAll(pg: Awaited<ReturnType<typeof benchServer>>) {
  const url = await pg.createDb('educonnect_bench_navigateur');
  await migrateAll(url);
  // The factories write through DATABASE_URL and encrypt the letters' passwords with this key.
  const accountKey = randomBytes(32).toString('base64');
  Object.assign(process.env, { DATABASE_URL: url, ACCOUNT_SECRET_KEY: accountKey });
  const school = await createSchool();
  for (let i = 0; i < 60; i++)
    await createFamily(school, {
      first: `Élève${i}`,
      last: `FAMILLE${String(i).padStart(2, '0')}`,
      classLabel: i % 2 ? 'CP A' : 'CE1 B',
      level: i % 2 ? 'CP' : 'CE1',
      guardians: [{ first: 'Alex', state: i % 3 ? 'NOTIFIE_NON_ACTIVE' : 'NON_NOTIFIE', provisional: 'K7MW3QPZ' }],
    });
  const parent = await createFamily(school, {
    first: 'Lina',
    last: 'PORTAIL',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [{ first: 'Inès', state: 'ACTIVE', password: PASSWORD, email: 'ines@exemple.fr' }],
  });
  const director = await createDirector([school]);

  const secret = randomBytes(32).toString('base64url');
  const server = await startNextServer({
    port: PORT,
    readyPath: '/connexion',
    build: true,
    env: { DATABASE_URL: url, AUTH_SECRET: secret, ACCOUNT_SECRET_KEY: accountKey },
  });
  const browser = await launcher
    .launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] })
    .catch(async (e) => {
      await server.stop();
      throw e;
    });
  const report: Record<string, unknown> = {};
  const load = watchMachineLoad();
  /**
   * `RUNS` views of each of `paths`, after three of them all that fill the browser's cache (in `context`), or
   * each in a browser that has never come (`fresh`): per view, the requests and the web server's CPU.
   */
  const measure = async (name: string, context: BrowserContext, paths: string[], fresh: boolean) => {
    // Three views of every page of the group first: the server compiles the code they share, the
    // browser fills its cache. (Warmed page by page, the group's first page paid for the others.)
    const warm = await context.newPage();
    for (let i = 0; i < 3; i++) for (const path of paths) await open(warm, path);
    for (const path of paths) {
      const counts: Record<Kind, number> = { page: 0, construction: 0, prechargement: 0, autre: 0 };
      let cpu = 0;
      for (let i = 0; i < RUNS; i++) {
        const ctx = fresh ? await browser.newContext() : context;
        const page = fresh ? await ctx.newPage() : warm;
        const seen = await countRequests(page);
        const before = serverCpuMs(server.pid).web;
        await open(page, path);
        cpu += serverCpuMs(server.pid).web - before;
        for (const k of Object.keys(counts) as Kind[]) counts[k] += seen[k];
        if (fresh) await ctx.close();
      }
      const perView = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, +(v / RUNS).toFixed(1)]));
      report[`${name} ${path}`] = { requetesParVue: perView, processeurWebMsParVue: Math.round(cpu / RUNS) };
      log(`${name} ${path} : ${JSON.stringify(perView)}, ${Math.round(cpu / RUNS)} ms de processeur web par vue`);
    }
    await warm.close();
  };
  try {
    // A first visit: a browser that has never come.
    await measure('premiere visite', await browser.newContext(), ['/', '/connexion'], true);

    // A director, signed in as a sign-in opens the session.
    const token = await withDb((c) => directorSessionToken(c, director.id, secret));
    const directorContext = await browser.newContext();
    // With the school chosen, as the sign-in leaves it (app/admin/actions.ts).
    await directorContext.addCookies([
      { name: 'authjs.session-token', value: token, url: base },
      { name: 'ec_etablissement', value: school.uai, url: base },
    ]);
    await measure(
      'directeur',
      directorContext,
      ['/admin', '/admin/responsables?recherche=1', '/admin/statistiques'],
      false,
    );

    // A parent signing in through the form, in a browser that holds the files: from the click on
    // « Se connecter » to « Mon compte » on screen, the server's CPU and the wait (one parent at a time).
    const parentContext = await browser.newContext();
    const page = await parentContext.newPage();
    const signIn = async () => {
      // Signed out first (the previous sign-in's session stays open: the last one serves the views below).
      await parentContext.clearCookies();
      await page.goto(base + '/connexion');
      await page.waitForLoadState('networkidle');
      await page.getByLabel(/^Identifiant/).fill(parent.accounts[0].identifiant);
      await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
      const before = serverCpuMs(server.pid).web;
      const started = performance.now();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      const ms = performance.now() - started;
      await page.waitForLoadState('networkidle');
      const cpu = serverCpuMs(server.pid).web - before;
      return { cpu, ms };
    };
    for (let i = 0; i < 5; i++) await signIn();
    const signIns = [];
    for (let i = 0; i < RUNS * 2; i++) signIns.push(await signIn());
    const waits = signIns.map((r) => r.ms).sort((a, b) => a - b);
    report['parent connexion'] = {
      processeurWebMsParConnexion: Math.round(signIns.reduce((n, r) => n + r.cpu, 0) / signIns.length),
      attenteMedianeMs: Math.round(waits[Math.floor(waits.length / 2)]),
    };
    log(`parent connexion : ${JSON.stringify(report['parent connexion'])}`);
    await page.close();
    await measure('parent', parentContext, ['/mon-compte', '/mon-compte/enfants'], false);
    report.processeurs = load();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
