/**
 * The legal pages every French public service publishes, reached from the footer of the portal and of
 * the directors' space: « Accessibilité : non conforme » leads to the accessibility statement, then
 * « Mentions légales » and « Données personnelles ». Each names who publishes the service and how to
 * reach them, as the deployment sets it (playwright.config.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support';

const footer = (page: Page) => page.getByRole('contentinfo');

test('depuis le pied de page : accessibilité, mentions légales, données personnelles', async ({ page }) => {
  await page.goto('/connexion');
  await footer(page).getByRole('link', { name: 'Accessibilité : non conforme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Déclaration d'accessibilité" })).toBeVisible();
  await expect(page.getByText('non conforme', { exact: true })).toBeVisible();
  // What is known not to be accessible, and how to get it another way.
  await expect(page.getByText(/documents PDF produits pour les écoles/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'educonnect@ac-demo.fr' })).toHaveAttribute(
    'href',
    'mailto:educonnect@ac-demo.fr',
  );
  await expect(page.getByRole('heading', { level: 2, name: 'Voies de recours' })).toBeVisible();
  await expectAccessible(page);

  await footer(page).getByRole('link', { name: 'Mentions légales' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mentions légales' })).toBeVisible();
  await expect(page.getByText('Rectorat de l’académie de démonstration').first()).toBeVisible();
  await expectAccessible(page);

  await footer(page).getByRole('link', { name: 'Données personnelles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Données personnelles' })).toBeVisible();
  // The durations the service applies (defaults: 12 months, 7 days, 30 minutes).
  await expect(page.getByText(/supprimé, avec ses messages, ses liens et ses sessions, 12 mois après/)).toBeVisible();
  await expect(page.getByText(/effacées 7 jours après leur création/)).toBeVisible();
  await expect(page.getByText(/après 30 minutes sans activité/)).toBeVisible();
  await expect(page.getByText(/12 mois après, la fiche d'un élève est supprimée/)).toBeVisible();
  await expect(page.getByText(/le journal des actions sur un compte est conservé 12 mois/)).toBeVisible();
  await expectAccessible(page);

  // The directors' space has the same footer.
  await page.goto('/admin/connexion');
  for (const name of ['Accessibilité : non conforme', 'Mentions légales', 'Données personnelles'])
    await expect(footer(page).getByRole('link', { name })).toBeVisible();
});
