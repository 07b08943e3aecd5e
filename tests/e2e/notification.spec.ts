/**
 * Notification from the browser (guide §5.3–§5.6): the menus, the guide's dialogs and messages,
 * the PDF read back, the e-mails in the outbox, the activation link followed.
 */
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { createDirector, createFamily, createSchool, expectAccessible, signInAsAgent, withDb } from './support';
import { openBody } from '@/lib/messaging/message-body';

const table = (page: Page) => page.getByRole('table', { name: 'Comptes des responsables' });

async function searchAll(page: Page) {
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Responsables' }).click();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(table(page)).toBeVisible();
}

async function pdfText(page: Page, href: string) {
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
  return { pages: pdf.numPages, text: (await extractText(pdf, { mergePages: true })).text };
}

test('par feuilles individuelles : confirmation, PDF, un courrier par compte, états à jour (§5.3.1)', async ({
  page,
}) => {
  const school = await createSchool('E.E.PU-CHARLEMAGNE');
  const lea = await createFamily(school, {
    first: 'Léa',
    last: 'DUPONT',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [{ first: 'Jean', state: 'NON_NOTIFIE' }],
  });
  await createFamily(school, {
    first: 'Enzo',
    last: 'DUPONT',
    classLabel: 'CE1 B',
    level: 'CE1',
    guardians: [{ first: 'Jean', state: 'NON_NOTIFIE', accountId: lea.accounts[0].id }],
  });
  await createFamily(school, {
    first: 'Zoé',
    last: 'ARNAUD',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [{ first: 'Marc', state: 'ACTIVE', chosen: true }],
  });
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  await searchAll(page);
  await page.getByRole('checkbox', { name: 'Sélectionner tous les responsables de la page' }).check();
  await expect(page.getByText('3 responsable(s) sélectionné(s)')).toBeVisible();
  await page.getByRole('button', { name: '(Re)Notifier les comptes' }).click();
  await page.getByRole('button', { name: 'Par feuilles individuelles imprimables' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByText('Êtes-vous sûr de vouloir notifier le(s) compte(s) (par feuille individuelle) ?'),
  ).toBeVisible();
  await expect(
    dialog.getByText(
      "Avertissement : si vous avez coché l'option 'Avec réinitialisation du mot de passe', un nouveau mot de passe " +
        'provisoire sera attribué aux responsables ayant déjà activé leur compte.',
    ),
  ).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Valider' }).click();
  await expect(
    page.getByText('La distribution a été effectuée avec succès pour le(s) compte(s) sélectionné(s) :'),
  ).toBeVisible();
  const link = page.getByRole('link', { name: 'Télécharger le courrier au format PDF' });
  const { pages, text } = await pdfText(page, (await link.getAttribute('href'))!);
  // Two accounts, two pages, by class then pupil: Jean's first (through Enzo, « CE1 B »), naming both
  // children, then Marc's (« CP A »).
  expect(pages).toBe(2);
  expect(text.indexOf("A l'attention de Jean DUPONT.")).toBeLessThan(text.indexOf("A l'attention de Marc ARNAUD."));
  expect(text).toContain('Rappel de votre identifiant :');
  expect(text).toContain('Votre mot de passe est inchangé.');
  expect(text).toContain('- Enzo DUPONT');
  expect(text).toContain('- Léa DUPONT :');
  expect(text).toMatch(/Mot de passe \* : [A-HJ-NP-Z2-9]{8}/);
  // The table shows the new state once the page is refreshed by the action.
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(table(page).getByText('Notifié et non activé')).toHaveCount(2);
  await expect(table(page).getByText('Non notifié')).toHaveCount(0);
});

test('par courriel : les comptes sans adresse sont nommés avec leur total, les autres reçoivent C02 (§5.3.1)', async ({
  page,
}) => {
  const school = await createSchool();
  await createFamily(school, {
    first: 'Ana',
    last: 'AVEC',
    classLabel: 'CM1',
    level: 'CM1',
    guardians: [{ first: 'Paul', state: 'NON_NOTIFIE', email: `paul.${school.uai.toLowerCase()}@exemple.fr` }],
  });
  await createFamily(school, {
    first: 'Bob',
    last: 'HAFIR',
    classLabel: 'CM1',
    level: 'CM1',
    guardians: [{ first: 'Ghislain', state: 'NON_NOTIFIE' }],
  });
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  await searchAll(page);
  await page.getByRole('checkbox', { name: 'Sélectionner tous les responsables de la page' }).check();
  await page.getByRole('button', { name: '(Re)Notifier les comptes' }).click();
  // The option stands clear of the buttons under it (it touched the first one).
  const option = (await page.getByText('Avec réinitialisation du mot de passe', { exact: true }).boundingBox())!;
  const paper = (await page.getByRole('button', { name: 'Par feuilles individuelles imprimables' }).boundingBox())!;
  expect(paper.y - (option.y + option.height)).toBeGreaterThanOrEqual(8);
  await page.getByLabel('Avec réinitialisation du mot de passe').check({ force: true });
  await page.getByRole('button', { name: 'Par envoi de courriers électroniques' }).click();
  await expect(page.getByText('Êtes-vous sûr de vouloir notifier le(s) compte(s) (par email) ?')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Valider' }).click();
  await expect(
    page.getByText(
      "Aucune adresse mail n'étant renseignée, la distribution par mail est impossible pour le(s) responsable(s) " +
        'suivant(s) (total : 1 compte(s)) :',
    ),
  ).toBeVisible();
  await expect(page.locator('.fr-alert', { hasText: "Aucune adresse mail n'étant renseignée" })).toContainText(
    'HAFIR Ghislain',
  );
  await expect(
    page.getByText(
      "Vous devrez notifier ces comptes par feuilles individuelles tant que l'adresse mail du responsable ne sera " +
        'pas connue dans EduConnect.',
    ),
  ).toBeVisible();
  await expect(
    page.getByText(
      "Avertissement : les mots de passe des comptes qui n'étaient pas encore notifiés n'ont pas été mis à jour.",
    ),
  ).toBeVisible();
  await page.goto('/dev/boite-mail');
  const mail = page.getByTestId('message').filter({ hasText: `paul.${school.uai.toLowerCase()}@exemple.fr` });
  await expect(
    mail.getByRole('heading', {
      name: 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant',
    }),
  ).toBeVisible();
});

test('réinitialiser montre le nouveau mot de passe ; rien à réinitialiser pour « Non notifié » (§5.5.3)', async ({
  page,
}) => {
  const school = await createSchool();
  const active = await createFamily(school, {
    first: 'Camille',
    last: 'ROUX',
    classLabel: 'GS',
    level: 'GS',
    guardians: [{ first: 'Eve', state: 'ACTIVE', chosen: true }],
  });
  const fresh = await createFamily(school, {
    first: 'Tom',
    last: 'NEUF',
    classLabel: 'GS',
    level: 'GS',
    guardians: [{ first: 'Max', state: 'NON_NOTIFIE' }],
  });
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  await page.goto(`/admin/responsables/compte/${fresh.accounts[0].id}`);
  await expect(page.getByRole('button', { name: 'Modifier le compte' })).toHaveCount(0);
  await page.getByRole('button', { name: '(Re)Notifier le compte' }).click();
  await expect(page.getByLabel('Avec réinitialisation du mot de passe')).toHaveCount(0);

  await page.goto(`/admin/responsables/compte/${active.accounts[0].id}`);
  await expect(page.getByText('*****')).toBeVisible();
  await page.getByRole('button', { name: 'Modifier le compte' }).click();
  await page.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
  await expect(page.getByText('Êtes-vous sûr de vouloir réinitialiser le mot de passe du compte ?')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText('Le mot de passe a bien été réinitialisé.')).toBeVisible();
  const password = page.locator('dt', { hasText: 'Mot de passe *' }).locator('xpath=following-sibling::dd');
  await expect(password).toHaveText(/^[A-HJ-NP-Z2-9]{8}$/);
  await expect(page.locator('dd', { hasText: /^●\s+Activé$/ })).toBeVisible();
});

test('renvoyer le courriel d’activation à une adresse corrigée, puis suivre le lien C07 (§5.6)', async ({ page }) => {
  const school = await createSchool();
  const f = await createFamily(school, {
    first: 'Lina',
    last: 'MOREL',
    classLabel: 'CE2',
    level: 'CE2',
    guardians: [{ first: 'Sarah', state: 'EN_COURS_ACTIVATION', chosen: true, email: 'ancienne@exemple.fr' }],
  });
  const address = `sarah.${school.uai.toLowerCase()}@exemple.fr`;
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  await page.goto(`/admin/responsables/compte/${f.accounts[0].id}`);
  await page.getByRole('button', { name: 'Modifier le compte' }).click();
  await page.getByRole('button', { name: "Renvoyer un courriel d'activation" }).click();
  const dialog = page.getByRole('dialog', { name: "Vérification de l'adresse mail" });
  await expect(dialog.getByLabel('Adresse mail :')).toHaveValue('ancienne@exemple.fr');
  await expectAccessible(page);
  await dialog.getByLabel('Adresse mail :').fill(address);
  await dialog.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText('Le mail a été renvoyé.')).toBeVisible();
  await expect(page.getByText(address)).toBeVisible();

  const [message] = await withDb(
    async (c) =>
      (await c.query(`select subject, text from outbound_message where recipient = $1 and template = 'C07'`, [address]))
        .rows,
  );
  expect(message.subject).toBe("Services en ligne de l'éducation nationale - activation du compte");
  const text = openBody(message.text);
  expect(text).toContain(`avec l'identifiant ${f.accounts[0].identifiant}`);
  const link = /https?:\/\/\S+\/activation\/[A-Za-z0-9_-]+/.exec(text)![0];
  await page.goto(link);
  await expect(page.getByText('Votre compte est activé')).toBeVisible();
  await expectAccessible(page);
  await page.goto(link);
  await expect(page.getByText('Votre compte est déjà activé')).toBeVisible();
  await page.goto(`/admin/responsables/compte/${f.accounts[0].id}`);
  await expect(page.locator('dd', { hasText: /^●\s+Activé$/ })).toBeVisible();
});

test('le courrier d’une autre école ne se télécharge pas', async ({ page }) => {
  const mine = await createSchool();
  const theirs = await createSchool();
  const f = await createFamily(theirs, {
    first: 'Secret',
    last: 'VOISIN',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Caché', state: 'NON_NOTIFIE' }],
  });
  const owner = await createDirector([theirs]);
  await signInAsAgent(page, owner.email);
  await page.goto(`/admin/responsables/compte/${f.accounts[0].id}`);
  await page.getByRole('button', { name: '(Re)Notifier le compte' }).click();
  await page.getByRole('button', { name: 'Par feuille individuelle imprimable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText('La distribution a été effectuée avec succès.')).toBeVisible();
  const href = (await page.getByRole('link', { name: 'Télécharger le courrier au format PDF' }).getAttribute('href'))!;
  expect((await page.request.get(href)).status()).toBe(200);

  await page.context().clearCookies();
  const other = await createDirector([mine]);
  await signInAsAgent(page, other.email);
  const res = await page.request.get(href);
  expect(res.status()).toBe(404);
  expect(await res.text()).not.toContain('VOISIN');
  // Nor its progress.
  expect((await page.request.get(`${href}/etat`)).status()).toBe(404);
});
