/**
 * Authorisation walk (issue « Espace directeur »): a director of another school reaches nothing of
 * a school they do not direct — pages, route handlers, server actions — and a stranger reaches
 * nothing at all. Another school's ids answer as if they did not exist.
 */
import { expect, test } from '@playwright/test';
import { createDirector, createFamily, createSchool, signInAsAgent } from './support';

test('un directeur d’une autre école n’atteint rien de cette école', async ({ page, context }) => {
  const mine = await createSchool('E.E.PU-MON ÉCOLE');
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
  const director = await createDirector([mine]);
  await signInAsAgent(page, director.email);

  // A forged school choice is ignored: the only school directed stays selected.
  await context.addCookies([{ name: 'ec_etablissement', value: theirs.uai, domain: 'localhost', path: '/admin' }]);
  for (const path of [
    '/admin',
    '/admin/responsables',
    '/admin/statistiques',
    `/admin/responsables?recherche=1&q=voisin`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole('banner').getByText(`${mine.uai} ${mine.name}`)).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain('VOISIN');
    expect(html).not.toContain('SECRET99');
    expect(html).not.toContain(theirs.uai);
  }
  await expect(
    page.getByText('Attention ! Aucun responsable ne correspond à vos critères de sélection.'),
  ).toBeVisible();

  // The other school's account page: not found, exactly like an id that does not exist.
  const foreign = await page.goto(`/admin/responsables/compte/${secret.accounts[0].id}`);
  expect(foreign!.status()).toBe(404);
  expect(await page.content()).not.toContain('SECRET99');
  const missing = await page.goto('/admin/responsables/compte/999999999');
  expect(missing!.status()).toBe(404);

  // The CSV route ignores rows of another school.
  const csv = await page.request.post('/admin/responsables/liste?format=csv', {
    form: { ligne: `${secret.pupilId}:${secret.accounts[0].id}` },
  });
  expect(csv.status()).toBe(400);
  expect(await csv.text()).toBe('Vous devez sélectionner un ou plusieurs comptes.');
});

test('le choix d’école refuse une école non dirigée, même envoyée à la main', async ({ page }) => {
  const a = await createSchool('E.E.PU-PREMIÈRE');
  const b = await createSchool('E.E.PU-SECONDE');
  const foreign = await createSchool('E.E.PU-ÉTRANGÈRE');
  const director = await createDirector([a, b]);
  await signInAsAgent(page, director.email);
  // Submit the school-choice server action with a UAI the director does not run.
  const form = page.getByRole('button', { name: `${a.uai} ${a.name}` }).locator('xpath=ancestor::form');
  await form.locator('input[name="uai"]').evaluate((el, uai) => ((el as HTMLInputElement).value = uai), foreign.uai);
  await page.getByRole('button', { name: `${a.uai} ${a.name}` }).click();
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByRole('banner').getByText('Aucune école sélectionnée')).toBeVisible();
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
