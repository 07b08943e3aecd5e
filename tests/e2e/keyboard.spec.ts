/**
 * The keyboard alone, as a person who uses no mouse: Tab to move, Enter and Space to act. A parent
 * signs in and opens « Modifier mon mot de passe »; a director searches « Responsables », selects a
 * row, opens « (Re)Notifier les comptes », chooses the paper letters and confirms in the dialog.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createDirector, createFamily, createSchool, signInAsAgent } from './support';

/** Presses Tab until `target` has the focus; fails when it is not reachable that way. */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`« ${target} » n’est pas atteint avec la touche Tab`);
}

test('un responsable se connecte et ouvre « Modifier mon mot de passe » au clavier', async ({ page }) => {
  const school = await createSchool('E.E.PU-CLAVIER');
  const family = await createFamily(school, {
    first: 'Léo',
    last: 'CLAVIER',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Nina', state: 'ACTIVE', password: 'clavier2026', email: 'nina@exemple.fr' }],
  });
  await page.goto('/connexion');
  await tabTo(page, page.getByRole('textbox', { name: /^Identifiant/ }));
  await page.keyboard.type(family.accounts[0].identifiant);
  await tabTo(page, page.getByLabel('Mot de passe', { exact: true }));
  await page.keyboard.type('clavier2026');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/mon-compte$/);
  await tabTo(page, page.getByRole('link', { name: 'Modifier mon mot de passe' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/mon-compte\/mot-de-passe$/);
});

test('un directeur notifie un compte au clavier : recherche, sélection, menu, confirmation', async ({ page }) => {
  const school = await createSchool('E.E.PU-CLAVIER DIRECTEUR');
  const director = await createDirector([school]);
  await createFamily(school, {
    first: 'Emma',
    last: 'TOUCHE',
    classLabel: 'CE1',
    level: 'CE1',
    guardians: [{ first: 'Hugo', state: 'NON_NOTIFIE' }],
  });
  await signInAsAgent(page, director.email);
  await page.goto('/admin/responsables');
  await tabTo(page, page.getByRole('button', { name: 'Rechercher' }));
  await page.keyboard.press('Enter');
  const row = page.getByRole('checkbox', { name: /Sélectionner TOUCHE Hugo/ });
  await expect(row).toBeVisible();
  await tabTo(page, row);
  await page.keyboard.press('Space');
  await expect(row).toBeChecked();
  await expect(page.getByText('1 responsable(s) sélectionné(s)')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: '(Re)Notifier les comptes' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Par feuilles individuelles imprimables' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Êtes-vous sûr de vouloir notifier le\(s\) compte\(s\)/ });
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: 'Valider' }));
  await page.keyboard.press('Enter');
  await expect(
    page.getByText('La distribution a été effectuée avec succès pour le(s) compte(s) sélectionné(s)'),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('link', { name: /Télécharger le courrier au format PDF/ })).toBeVisible();
});
