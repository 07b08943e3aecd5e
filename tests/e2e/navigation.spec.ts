import { expect, test, type Page } from '@playwright/test';
import { createDirector, createFamily, createSchool, signInAsAgent } from './support';

/**
 * Every page here is rendered for its reader, so a prefetch is a server render that nobody may read
 * (DECISIONS « No prefetching »): the browser must ask for a page only when someone opens it.
 */
function prefetchesOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.headers()['next-router-prefetch']) seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

/** Opens `path` and leaves the page the time Next takes to prefetch what it shows (hydration, then idle). */
async function openAndWait(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
}

test('aucune page ne fait précharger par le navigateur les pages vers lesquelles elle mène', async ({ page }) => {
  const school = await createSchool();
  const family = await createFamily(school, {
    first: 'Lina',
    last: 'PRÉCHARGE',
    classLabel: 'CE1 A',
    level: 'CE1',
    guardians: [
      { first: 'Hugo', state: 'NON_NOTIFIE' },
      { first: 'Inès', state: 'ACTIVE', password: 'soleil2024', email: 'ines@exemple.fr' },
    ],
  });
  const director = await createDirector([school]);
  const prefetched = prefetchesOf(page);

  for (const path of ['/', '/creer-mon-compte', '/mot-de-passe-oublie', '/connexion']) await openAndWait(page, path);
  // The portal once signed in, as the sign-in's answer brings it.
  await page.getByLabel(/^Identifiant/).fill(family.accounts[1].identifiant);
  await page.getByLabel('Mot de passe', { exact: true }).fill('soleil2024');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
  await openAndWait(page, '/mon-compte');
  await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
  await expect(page).toHaveURL(/\/connexion/);
  await signInAsAgent(page, director.email);
  for (const path of ['/admin', '/admin/responsables?recherche=1', '/admin/statistiques'])
    await openAndWait(page, path);
  expect(prefetched).toEqual([]);

  // A click still navigates inside the page, without reloading it.
  await page.evaluate(() => ((window as unknown as { sansRechargement: boolean }).sansRechargement = true));
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Responsables' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gestion des comptes responsables' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sansRechargement?: boolean }).sansRechargement)).toBe(true);
});

test('la feuille de style ne porte que les composants et les icônes du DSFR que le service emploie', async ({
  page,
}) => {
  await page.goto('/connexion');
  const sheets = await page
    .locator('link[rel="stylesheet"]')
    .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  let css = '';
  for (const href of sheets) css += await (await page.request.get(href)).text();
  // Used: the table, the dialog, the eye of « Consulter le compte ».
  for (const used of ['.fr-table', '.fr-modal', '.fr-icon-eye-line']) expect(css, used).toContain(used);
  // Never used: the tile component, the France icon (the whole stylesheet has them). Their names are
  // put together here: react-dsfr's tools read every source file, this one too, for the names in it.
  for (const unused of ['tile', 'icon-france-line'].map((n) => `.fr-${n}`)) expect(css, unused).not.toContain(unused);
  expect(css.length, 'taille de la feuille de style').toBeLessThan(500_000);
});
