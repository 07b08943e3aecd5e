/**
 * Authorisation walk (issue « Espace directeur »): a director reaches nothing of a school they do
 * not direct — pages, route handlers, server actions — and a stranger reaches
 * nothing at all. Another school's ids answer as if they did not exist.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { baseURL, resendWebhookTestSecret } from '../../playwright.config';
import { createDirector, createFamily, createSchool, expectAccessible, signInAsAgent, withDb } from './support';

test('un directeur de deux écoles n’atteint rien d’une troisième, même avec un cookie de choix forgé', async ({
  page,
  context,
}) => {
  const mine = await createSchool('E.E.PU-MON ÉCOLE');
  const second = await createSchool('E.E.PU-MA SECONDE');
  const theirs = await createSchool('E.E.PU-ÉCOLE VOISINE');
  const secret = await createFamily(theirs, {
    first: 'Secret',
    last: 'VOISIN',
    classLabel: 'CE2',
    level: 'CE2',
    guardians: [{ first: 'Caché', state: 'NOTIFIE_NON_ACTIVE', provisional: 'SECRET99', email: 'cache@exemple.fr' }],
  });
  await createFamily(mine, {
    first: 'Visible',
    last: 'MOI',
    classLabel: 'CE2',
    level: 'CE2',
    guardians: [{ first: 'Moi', state: 'NON_NOTIFIE' }],
  });
  // Two schools: the school cookie is read, so a forged one is really put to the test.
  const director = await createDirector([mine, second]);
  await signInAsAgent(page, director.email);
  await page.getByRole('button', { name: `${mine.uai} ${mine.name}` }).click();
  await expect(page.getByRole('banner').getByText(`${mine.uai} ${mine.name}`)).toBeVisible();

  await context.addCookies([{ name: 'ec_etablissement', value: theirs.uai, domain: 'localhost', path: '/admin' }]);
  for (const path of [
    '/admin',
    '/admin/responsables',
    '/admin/statistiques',
    '/admin/responsables?recherche=1&q=voisin',
    `/admin/responsables/compte/${secret.accounts[0].id}`,
  ]) {
    await page.goto(path);
    // No school chosen any more: back to « Accueil », which asks to choose; never the forged one.
    await expect(page).toHaveURL(/\/admin(\?ecole=choisir)?$/);
    await expect(page.getByRole('banner').getByText('Aucune école sélectionnée')).toBeVisible();
    const html = await page.content();
    for (const leak of ['VOISIN', 'SECRET99', theirs.uai]) expect(html, `${path} : ${leak}`).not.toContain(leak);
  }
  await expect(page.getByText("Choisissez d'abord l'école à administrer sur la page « Accueil ».")).toBeVisible();
  const csv = await page.request.post('/admin/responsables/liste?format=csv', {
    form: { ligne: `${secret.pupilId}:${secret.accounts[0].id}` },
    maxRedirects: 0,
  });
  expect([303, 307]).toContain(csv.status());
  expect(csv.headers()['location']).toMatch(/\/admin\?ecole=choisir$/);

  // With their own school chosen again, the other school's rows are still out of reach.
  await page.goto('/admin');
  await page.getByRole('button', { name: `${mine.uai} ${mine.name}` }).click();
  await expect(page.getByRole('banner').getByText(`${mine.uai} ${mine.name}`)).toBeVisible();
  await page.goto('/admin/responsables?recherche=1&q=voisin');
  await expect(
    page.getByText('Attention ! Aucun responsable ne correspond à vos critères de sélection.'),
  ).toBeVisible();
  const foreign = await page.goto(`/admin/responsables/compte/${secret.accounts[0].id}`);
  expect(foreign!.status()).toBe(404);
  expect(await page.content()).not.toContain('SECRET99');
  const missing = await page.goto('/admin/responsables/compte/999999999');
  expect(missing!.status()).toBe(404);
  // The same French page for both, in the director's area, with a way back.
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Retour à la liste des responsables' })).toBeVisible();
  await expectAccessible(page);
  const rows = await page.request.post('/admin/responsables/liste?format=csv', {
    form: { ligne: `${secret.pupilId}:${secret.accounts[0].id}` },
  });
  expect(rows.status()).toBe(400);
  expect(await rows.text()).toBe('Vous devez sélectionner un ou plusieurs comptes.');

  // Every refused attempt is in the audit trail with the director: the forged school, the foreign
  // account (in that account's own history), the foreign row of the list.
  const refused = await withDb((c) =>
    c.query(
      `select e.details->>'cible' as target, e.account_id as account from audit_event e
         join agent a on a.id::text = e.actor_id where e.action = 'acces.refuse' and a.email = $1 order by e.id`,
      [director.email],
    ),
  );
  expect(refused.rows).toEqual(
    expect.arrayContaining([
      { target: `école ${theirs.uai}`, account: null },
      { target: 'compte', account: secret.accounts[0].id },
      { target: 'liste', account: null },
    ]),
  );
});

test('le choix d’école refuse une école non dirigée envoyée à la main : le choix précédent reste', async ({ page }) => {
  const a = await createSchool('E.E.PU-PREMIÈRE');
  const b = await createSchool('E.E.PU-SECONDE');
  const foreign = await createSchool('E.E.PU-ÉTRANGÈRE');
  const director = await createDirector([a, b]);
  await signInAsAgent(page, director.email);
  // Start from a real choice (B), so that a forged choice would visibly replace it.
  await page.getByRole('button', { name: `${b.uai} ${b.name}` }).click();
  await expect(page.getByRole('banner').getByText(`${b.uai} ${b.name}`)).toBeVisible();
  // Submit the school-choice server action with a UAI the director does not run.
  const button = page.getByRole('button', { name: `${a.uai} ${a.name}` });
  await button
    .locator('xpath=ancestor::form')
    .locator('input[name="uai"]')
    .evaluate((el, uai) => ((el as HTMLInputElement).value = uai), foreign.uai);
  await button.click();
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByRole('banner').getByText(`${b.uai} ${b.name}`)).toBeVisible();
  await page.goto('/admin/statistiques');
  await expect(page.getByRole('banner').getByText(`${b.uai} ${b.name}`)).toBeVisible();
  expect(await page.content()).not.toContain(foreign.name);
});

test('sans session, aucune page ni route d’administration ne répond', async ({ page }) => {
  for (const path of [
    '/admin',
    '/admin/responsables',
    '/admin/responsables?recherche=1',
    '/admin/responsables/compte/1',
    '/admin/statistiques',
  ]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/admin\/connexion$/);
  }
  const csv = await page.request.post('/admin/responsables/liste?format=csv', {
    form: { ligne: '1:1' },
    maxRedirects: 0,
  });
  expect([302, 303, 307]).toContain(csv.status());
  expect(csv.headers()['location']).toMatch(/\/admin\/connexion$/);
});

test('une recherche malformée répond proprement : octet NUL, texte trop long, liste sans formulaire', async ({
  page,
}) => {
  const school = await createSchool();
  await createFamily(school, {
    first: 'Zoé',
    last: 'NULLE',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Paul', state: 'NON_NOTIFIE' }],
  });
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  const nul = await page.goto('/admin/responsables?recherche=1&q=zo%00e');
  expect(nul!.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Gestion des comptes responsables' })).toBeVisible();
  const long = await page.goto(`/admin/responsables?recherche=1&q=${'a'.repeat(101)}`);
  expect(long!.status()).toBe(200);
  await expect(page.getByText('Le texte cherché est trop long : 100 caractères au plus.')).toBeVisible();
  // Nothing listed: the search was not run with the text silently dropped.
  await expect(page.getByRole('table', { name: 'Comptes des responsables' })).toHaveCount(0);
  const json = await page.request.post('/admin/responsables/liste?format=csv', {
    data: { ligne: ['1:1'] },
    headers: { 'content-type': 'application/json' },
  });
  expect(json.status()).toBe(400);
  expect(await json.text()).toContain('Demande invalide');
});

test('la liste et les courriers refusent une demande venue d’un autre site', async ({ page }) => {
  const school = await createSchool('E.E.PU-ORIGINE');
  const family = await createFamily(school, {
    first: 'Léo',
    last: 'ORIGINE',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Ana', state: 'NON_NOTIFIE' }],
  });
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  const form = { ligne: `${family.pupilId}:${family.accounts[0].id}` };
  const foreign = await page.request.post('/admin/responsables/liste?format=csv', {
    form,
    headers: { origin: 'https://site-tiers.example' },
  });
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toBe("Demande refusée : elle ne vient pas d'une page du service.");
  const crossSite = await page.request.get('/admin/responsables/courriers/1', {
    headers: { 'sec-fetch-site': 'cross-site' },
  });
  expect(crossSite.status()).toBe(403);
  const own = await page.request.post('/admin/responsables/liste?format=csv', {
    form,
    headers: { origin: new URL(page.url()).origin },
  });
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain('ORIGINE');
});

test('une action serveur appelée depuis un autre site : 403 en français, pas une erreur 500', async ({ page }) => {
  // The sign-in's real action id, read from the request the page itself makes.
  await page.goto('/connexion');
  await page.getByLabel(/^Identifiant/).fill('personne');
  await page.getByLabel('Mot de passe', { exact: true }).fill('rien');
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
  const id = sent.headers()['next-action'];
  // Replayed as the browser sent it, body and all; only the Origin changes.
  const call = (origin: string) =>
    page.request.post('/connexion', {
      data: sent.postDataBuffer()!,
      headers: { 'next-action': id, 'content-type': sent.headers()['content-type'], origin },
      maxRedirects: 0,
    });
  const foreign = await call('https://site-tiers.example');
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toBe("Demande refusée : elle ne vient pas d'une page du service.");
  expect(foreign.headers()['x-frame-options']).toBe('DENY');
  // From the service's own page, the same call is answered (the sign-in's « same answer »).
  const own = await call(baseURL);
  expect(own.status()).toBeLessThan(500);
  expect(own.status()).not.toBe(403);
});

test('le webhook de Resend : un rebond signé est enregistré ; mal signé ou trop gros, refusé', async ({ page }) => {
  const school = await createSchool('E.E.PU-ÉCOLE DU REBOND');
  const family = await createFamily(school, {
    first: 'Lina',
    last: 'REBOND',
    classLabel: 'CE1',
    level: 'CE1',
    guardians: [{ first: 'Marc', state: 'NOTIFIE_NON_ACTIVE', email: 'marc.rebond@gmial.com' }],
  });
  const providerId = `re_${randomBytes(8).toString('hex')}`;
  const messageId = await withDb(async (c) => {
    const { rows } = await c.query<{ id: number }>(
      `insert into outbound_message (channel, recipient, subject, template, text, account_id, status, transport,
                                     provider_id, sent_at)
       values ('EMAIL', 'marc.rebond@gmial.com', 'Vos identifiants', 'C02', '', $1, 'SENT', 'resend', $2, now())
       returning id`,
      [family.accounts[0].id, providerId],
    );
    return rows[0].id;
  });
  const status = () =>
    withDb(async (c) => (await c.query(`select status from outbound_message where id = $1`, [messageId])).rows[0]);
  const body = JSON.stringify({
    type: 'email.bounced',
    created_at: new Date().toISOString(),
    data: { email_id: providerId, to: ['marc.rebond@gmial.com'], bounce: { type: 'Permanent', subType: 'General' } },
  });
  const call = (data: string, key = resendWebhookTestSecret) => {
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const now = new Date();
    return page.request.post('/api/resend/webhook', {
      data,
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
        'svix-signature': new Webhook(key).sign(id, now, data),
      },
    });
  };

  const forged = await call(body, `whsec_${randomBytes(24).toString('base64')}`);
  expect([forged.status(), await forged.text()]).toEqual([400, 'signature invalide']);
  const huge = await call(JSON.stringify({ type: 'email.bounced', pad: 'x'.repeat(100_000) }));
  expect(huge.status()).toBe(413);
  expect(await status()).toEqual({ status: 'SENT' });

  const ok = await call(body);
  expect([ok.status(), await ok.text()]).toEqual([200, 'enregistré']);
  expect(await status()).toEqual({ status: 'REFUSED' });
  expect(ok.headers()['cache-control']).toBe('no-store');

  // The school's director reads it on « Accueil », then on the account's page.
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  const section = page.getByRole('region', { name: 'Courriels non remis' });
  const row = section.getByRole('row').filter({ hasText: 'marc.rebond@gmial.com' });
  await expect(row).toContainText('REBOND Marc');
  await expect(row).toContainText("Distribution d'un compte par courrier électronique");
  await expectAccessible(page);
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Informations du compte' })).toBeVisible();
  await expect(page.getByText('Courriel non remis : adresse refusée par le serveur de messagerie')).toBeVisible();
  // Notified again by e-mail: not to that address, and the director is told why.
  await page.getByRole('button', { name: '(Re)Notifier le compte' }).click();
  await page.getByRole('button', { name: 'Par envoi de courriers électroniques' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Valider' }).click();
  await expect(
    page.getByText(
      "L'adresse mail du responsable ayant été refusée par son serveur de messagerie, la distribution par mail est " +
        'impossible.',
      { exact: false },
    ),
  ).toBeVisible();
  expect(await status()).toEqual({ status: 'REFUSED' });
});
