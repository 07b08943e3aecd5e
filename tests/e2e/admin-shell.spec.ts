import { expect, test } from '@playwright/test';
import { createDirector, createSchool, expectAccessible, signInAsAgent } from './support';

test('sans session, /admin mène à la page de connexion', async ({ page }) => {
  await page.goto('/admin/responsables');
  await expect(page).toHaveURL(/\/admin\/connexion$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration des comptes' })).toBeVisible();
  await expectAccessible(page);
});

test('un directeur d’une seule école se connecte par le portail des agents et voit son école', async ({ page }) => {
  const school = await createSchool();
  const director = await createDirector([school]);
  await page.goto('/admin');
  await page.getByRole('button', { name: 'Se connecter avec le portail des agents' }).click();
  await expect(page.getByRole('heading', { name: 'Connexion des agents' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Adresse électronique').fill(director.email);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();

  await expect(page).toHaveURL(/\/admin$/);
  const header = page.getByRole('banner');
  await expect(header.getByText('EduConnect - Administration des comptes')).toBeVisible();
  await expect(header.getByText(`${school.uai} ${school.name}`)).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  for (const tab of ['Accueil', 'Responsables', 'Statistiques'])
    await expect(nav.getByRole('link', { name: tab })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Accueil' })).toBeVisible();
  await expectAccessible(page);

  await nav.getByRole('link', { name: 'Responsables' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gestion des comptes responsables' })).toBeVisible();
  await expectAccessible(page);
  await nav.getByRole('link', { name: 'Statistiques' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Statistiques pour les comptes responsables' }),
  ).toBeVisible();
  await expectAccessible(page);
});

test('un directeur de plusieurs écoles choisit l’école sur « Accueil », le choix tient sur toutes les pages', async ({
  page,
}) => {
  const a = await createSchool('E.E.PU-LES TILLEULS');
  const b = await createSchool('E.M.PU-JEAN MOULIN');
  const director = await createDirector([a, b]);
  await signInAsAgent(page, director.email);
  await expect(page.getByRole('banner').getByText('Aucune école sélectionnée')).toBeVisible();
  await page.getByRole('button', { name: `${b.uai} ${b.name}` }).click();
  await expect(page.getByRole('banner').getByText(`${b.uai} ${b.name}`)).toBeVisible();
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Statistiques' }).click();
  await expect(page.getByRole('banner').getByText(`${b.uai} ${b.name}`)).toBeVisible();
});

test('« Déconnexion » mène à la page qui confirme la déconnexion (§2.2)', async ({ page, context }) => {
  const school = await createSchool();
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  const before = await context.cookies();
  await page.getByRole('button', { name: 'Déconnexion' }).click();
  // The session ends at the agents' portal too (the stand-in asks, as a portal may).
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/admin\/deconnexion\?state=[\w-]+$/);
  await expect(page.getByText('Vous êtes déconnecté')).toBeVisible();
  await expectAccessible(page);
  // So that on a shared computer the next person is asked who they are, not signed in as the director.
  await page.getByRole('link', { name: 'Se reconnecter' }).click();
  await page.getByRole('button', { name: 'Se connecter avec le portail des agents' }).click();
  await expect(page.getByLabel('Adresse électronique')).toBeVisible();
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/connexion$/);
  // The old session cookie, replayed, opens nothing: the session ended on the server.
  await context.addCookies(before);
  for (const path of ['/admin', '/admin/responsables', '/admin/statistiques']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/admin\/connexion$/);
    await expect(page.getByRole('button', { name: 'Se connecter avec le portail des agents' })).toBeVisible();
  }
});

test('une adresse inconnue de l’annuaire est refusée par le portail de démonstration', async ({ page }) => {
  await page.goto('/admin/connexion');
  await page.getByRole('button', { name: 'Se connecter avec le portail des agents' }).click();
  await page.getByLabel('Adresse électronique').fill('inconnu@ac-toulouse.fr');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(
    "Aucun agent de l'annuaire ne correspond à cette adresse électronique.",
  );
  await expectAccessible(page);
});
