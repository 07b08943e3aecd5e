/**
 * HTTP security (issue « Hardening », item 4): every kind of response carries the headers of
 * lib/http/security-headers.ts; pages carry a Content-Security-Policy with a fresh script nonce
 * and no inline script allowance, under which the DSFR and Next still run (no violation reported
 * by the browser on the walk); the session cookies are HttpOnly and SameSite=Lax.
 */
import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test';
import { createDirector, createFamily, createSchool, signInAsAgent, withDb } from './support';

type Headers = Record<string, string>;

function expectSecurityHeaders(headers: Headers, what: string) {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['permissions-policy'], what).toContain('camera=()');
  expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
  // The tests' server speaks http: HSTS would be ignored, it is not sent (unit test for https).
  expect(headers['strict-transport-security'], what).toBeUndefined();
}

/** The page's policy, checked, and its nonce. */
function expectPagePolicy(headers: Headers, what: string): string {
  expectSecurityHeaders(headers, what);
  const policy = headers['content-security-policy'] ?? '';
  const directives = new Map(
    policy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  const scripts = directives.get('script-src') ?? [];
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  const nonce = scripts.find((s) => s.startsWith("'nonce-"));
  expect(nonce, `${what} : nonce`).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
  expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(directives.get('object-src'), what).toEqual(["'none'"]);
  expect(directives.get('base-uri'), what).toEqual(["'self'"]);
  return nonce!;
}

/** Records the browser's CSP violations on every page of the context. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.context().addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  return response!;
}

/** The DSFR's script ran under the policy: it marks the document once started. */
async function expectDsfrStarted(page: Page, what: string) {
  await expect(page.locator('html'), what).toHaveAttribute('data-fr-js', 'true');
}

test('chaque type de page porte les en-têtes de sécurité ; le DSFR tourne sous la politique à nonce', async ({
  page,
  browser,
}) => {
  const violations = await watchViolations(page);
  const nonces = new Set<string>();

  for (const path of ['/', '/connexion', '/admin/connexion', '/espace-responsable']) {
    const response = await visit(page, path);
    expect(response.status(), path).toBe(200);
    const nonce = expectPagePolicy(response.headers(), path);
    nonces.add(nonce);
    await expectDsfrStarted(page, path);
    // Every script the server wrote carries this response's nonce (Next's and the DSFR's); the
    // chunks they load afterwards are trusted through 'strict-dynamic'.
    const html = await response.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length, path).toBeGreaterThan(0);
    const value = nonce.slice("'nonce-".length, -1);
    for (const tag of tags) expect(tag, path).toContain(`nonce="${value}"`);
  }
  const again = expectPagePolicy((await visit(page, '/connexion')).headers(), '/connexion');
  expect(nonces.has(again), 'un nonce neuf à chaque réponse').toBe(false);

  const missing = await visit(page, '/nulle-part');
  expect(missing.status()).toBe(404);
  expectPagePolicy(missing.headers(), '404');

  // A file of the build: the static headers, no policy of its own needed.
  const script = await page.locator('script[src*="/_next/static/"]').first().getAttribute('src');
  const asset = await page.request.get(script!);
  expect(asset.status()).toBe(200);
  expectSecurityHeaders(asset.headers(), script!);

  // The icon browsers ask for by themselves (a PDF letter or a CSV list opened in a tab, a page
  // without icon link): the State's, not a 404 page rendered for each.
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/x-icon');
  expect((await icon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  expectSecurityHeaders(icon.headers(), '/favicon.ico');

  // The load balancers' route: the node's health, with the same headers.
  const health = await page.request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({
    ok: true,
    database: 'ok',
    migrations: 'à jour',
    secrets: 'ok',
    pendingMigrations: [],
  });
  expect(health.headers()['cache-control']).toBe('no-store');
  expectSecurityHeaders(health.headers(), '/api/health');

  // A director: « Responsables », a dialog of the DSFR, the CSV list (a route handler).
  const school = await createSchool('E.E.PU-EN-TÊTES');
  const family = await createFamily(school, {
    first: 'Lina',
    last: 'ENTETE',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Paul', state: 'NON_NOTIFIE' }],
  });
  await signInAsAgent(page, (await createDirector([school])).email);
  const list = await visit(page, '/admin/responsables');
  expectPagePolicy(list.headers(), '/admin/responsables');
  await expectDsfrStarted(page, '/admin/responsables');
  const csv: APIResponse = await page.request.post('/admin/responsables/liste?format=csv', {
    form: { ligne: `${family.pupilId}:${family.accounts[0].id}` },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(csv.status()).toBe(200);
  expectSecurityHeaders(csv.headers(), 'liste CSV');
  // The list shows provisional passwords: the account's history records the export.
  const exported = await withDb((c) =>
    c.query(`select count(*)::int as n from audit_event where action = 'liste.exportee' and account_id = $1`, [
      family.accounts[0].id,
    ]),
  );
  expect(exported.rows[0].n).toBe(1);
  const agentCookies = (await page.context().cookies()).filter((c) => c.name.includes('authjs.session-token'));
  expect(agentCookies.length).toBeGreaterThan(0);
  for (const c of agentCookies) expect([c.name, c.httpOnly, c.sameSite]).toEqual([c.name, true, 'Lax']);

  // A guardian: the portal's home once signed in.
  const guardian = await browser.newContext();
  const portal = await guardian.newPage();
  const portalViolations = await watchViolations(portal);
  const activated = await createFamily(school, {
    first: 'Noé',
    last: 'ENTETE',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Anne', state: 'ACTIVE', password: 'entete2024', email: 'anne.entete@exemple.fr' }],
  });
  await portal.goto('/connexion');
  await portal.getByLabel(/^Identifiant/).fill(activated.accounts[0].identifiant);
  await portal.getByLabel('Mot de passe', { exact: true }).fill('entete2024');
  await portal.getByRole('button', { name: 'Se connecter' }).click();
  await expect(portal).toHaveURL(/\/mon-compte$/);
  expectPagePolicy((await visit(portal, '/mon-compte')).headers(), '/mon-compte');
  await expectDsfrStarted(portal, '/mon-compte');
  const session = (await guardian.cookies()).find((c) => c.name === 'ec_portail');
  expect([session?.httpOnly, session?.sameSite]).toEqual([true, 'Lax']);

  expect(await portalViolations(), 'violations de la politique (portail)').toEqual([]);
  await guardian.close();
  expect(await violations(), 'violations de la politique').toEqual([]);
});
