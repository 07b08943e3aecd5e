import { expect, test } from '@playwright/test';
import { createDirector, createFamily, createSchool, expectAccessible, signInAsAgent } from './support';

test('« Calculer les statistiques » : le calcul tourne, puis les trois tableaux du guide s’affichent (§6.1)', async ({
  page,
}) => {
  const school = await createSchool();
  await createFamily(school, {
    first: 'Alice',
    last: 'MARTIN',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [
      { first: 'Anne', state: 'ACTIVE' },
      { first: 'Paul', state: 'NON_NOTIFIE' },
    ],
  });
  await createFamily(school, {
    first: 'Bob',
    last: 'MARTIN',
    classLabel: 'CE1/CE2',
    level: 'CE2',
    guardians: [{ first: 'Rose', state: 'EN_COURS_ACTIVATION' }],
  });
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Statistiques' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Statistiques pour les comptes responsables' }),
  ).toBeVisible();
  await expect(page.getByText("Les statistiques de cette école n'ont pas encore été calculées")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Calculer les statistiques' }).click();
  const synthese = page.getByRole('table', { name: 'Synthèse des comptes responsables de la structure' });
  await expect(synthese).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('derniere-mise-a-jour')).toHaveText(
    /^Dernière mise à jour le \d{2}-\d{2}-\d{4} à \d{2}:\d{2}:\d{2}$/,
  );
  await expect(synthese.getByRole('row').nth(1)).toHaveText(['3', '1', '0', '1', '1', '33.33 %', '50 %'].join(''));
  const parClasse = page.getByRole('table', { name: 'Synthèse des comptes responsables par classe' });
  await expect(parClasse.getByRole('row')).toHaveCount(4);
  await expect(parClasse.getByRole('row').last()).toHaveText(['Total', '3', '1', '0', '1', '1', '33.33 %'].join(''));
  const parNiveau = page.getByRole('table', { name: 'Synthèse des comptes responsables par niveau' });
  await expect(parNiveau.getByRole('row').nth(1)).toHaveText(['CP', '2', '1', '0', '0', '1', '50 %'].join(''));
  await expect(page.getByText('Il est normal que les nombres en ligne « Total »')).toBeVisible();
  await expect(page.getByRole('heading', { name: "Évolution de l'activation des comptes" })).toBeVisible();
  await expectAccessible(page);
});
