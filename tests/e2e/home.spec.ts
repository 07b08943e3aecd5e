import { expect, test } from '@playwright/test';
import { expectAccessible } from './support';

test('la page d’accueil publique mène à l’espace directeur et à l’espace responsable', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'EduConnect' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Espace directeur d'école/ })).toHaveAttribute('href', '/admin');
  await expect(page.getByRole('link', { name: /Espace responsable d'élève/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'boîte mail de démonstration' })).toHaveAttribute('href', '/dev/boite-mail');
  await expectAccessible(page);
});

test('la boîte mail de démonstration s’affiche', async ({ page }) => {
  await page.goto('/dev/boite-mail');
  await expect(page.getByRole('heading', { level: 1, name: 'Boîte mail de démonstration' })).toBeVisible();
  await expectAccessible(page);
});
