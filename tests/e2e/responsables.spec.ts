import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { createDirector, createFamily, createSchool, expectAccessible, signInAsAgent } from './support';

/** A school of its own with a handful of families covering every state, origin and contact case. */
async function schoolWithFamilies() {
  const school = await createSchool();
  const other = await createSchool('E.M.PU-AUTRE ÉCOLE');
  const lefevre = await createFamily(school, {
    first: 'Zoé',
    last: 'LEFÈVRE',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [
      {
        first: 'Gaëlle',
        state: 'NOTIFIE_NON_ACTIVE',
        provisional: 'BUNZ57DM',
        distributedAt: '2026-09-03T10:00:00Z',
        email: 'gaelle@exemple.fr',
      },
      {
        first: 'Marc',
        state: 'ACTIVE',
        chosen: true,
        mobile: '+33611223344',
        lastLoginAt: '2026-11-20T10:00:00Z',
        distributedAt: '2026-09-10T10:00:00Z',
      },
    ],
  });
  // Zoé's brother in another school: the same account, shown as « Inscrits dans un autre établissement ».
  await createFamily(other, {
    first: 'Hugo',
    last: 'LEFÈVRE',
    classLabel: 'CM2',
    level: 'CM2',
    guardians: [{ first: 'Gaëlle', state: 'NOTIFIE_NON_ACTIVE', accountId: lefevre.accounts[0].id }],
  });
  await createFamily(school, {
    first: 'Adam',
    last: 'BERNARD',
    classLabel: 'CE1/CE2',
    level: 'CE1',
    guardians: [{ first: 'Inès', state: 'NON_NOTIFIE' }],
  });
  await createFamily(school, {
    first: 'Chloé',
    last: 'MARTIN',
    classLabel: 'CE1/CE2',
    level: 'CE2',
    guardians: [{ first: 'Paul', state: 'ACTIVE', origin: 'FRANCECONNECT', lastLoginAt: '2026-11-01T10:00:00Z' }],
  });
  await createFamily(school, {
    first: 'Noé',
    last: 'DURAND',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [
      {
        first: 'Léa',
        state: 'EN_COURS_ACTIVATION',
        chosen: true,
        email: 'lea@exemple.fr',
        lastLoginAt: '2026-10-15T10:00:00Z',
      },
    ],
  });
  // Out of the director scope, present in every test so that every search proves they stay out.
  const outside = [];
  for (const [last, ineligible] of [
    ['SANSINE', 'sans-ine'],
    ['PROVISOIRE', 'provisoire'],
    ['SANSCLASSE', 'sans-classe'],
    ['DETACHE', 'detache'],
  ] as const) {
    outside.push(
      await createFamily(school, {
        first: 'Hors',
        last,
        classLabel: 'CP A',
        level: 'CP',
        ineligible,
        guardians: [{ first: 'Parent', state: 'NOTIFIE_NON_ACTIVE', provisional: `${last.slice(0, 4)}2026` }],
      }),
    );
  }
  outside.push(
    await createFamily(school, {
      first: 'Autre',
      last: 'MARTIN',
      classLabel: 'CE1/CE2',
      level: 'CE2',
      guardians: [
        { first: 'Contact', last: 'VOISINE', state: 'NON_NOTIFIE', contact: true },
        { first: 'Fusion', last: 'FUSIONNE', state: 'ACTIVE', merged: true },
      ],
    }),
  );
  const director = await createDirector([school]);
  return { school, other, director, lefevre, outside };
}

const OUTSIDE_NAMES = ['SANSINE', 'PROVISOIRE', 'SANSCLASSE', 'DETACHE', 'VOISINE', 'FUSIONNE', 'Autre'];

async function search(page: Page) {
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Responsables' }).click();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('table', { name: 'Comptes des responsables' })).toBeVisible();
}

/** DSFR checkboxes are driven through their label, as a person clicks them. */
async function tick(page: Page, label: string, on: boolean) {
  const box = page.getByLabel(label, { exact: true });
  if ((await box.isChecked()) !== on)
    await page
      .getByRole('form', { name: 'Critères de recherche' })
      .locator('label')
      .filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) })
      .click();
  await expect(box).toBeChecked({ checked: on });
}

const results = (page: Page) => page.getByRole('table', { name: 'Comptes des responsables' }).getByRole('row');
/** The texts of one column; read through expect.poll, which retries while the new page loads. */
const column = async (page: Page, index: number) =>
  Promise.all(
    (await results(page).all())
      .slice(1)
      .map(async (r) => (await r.getByRole('cell').nth(index).textContent())?.replace('●', '').trim()),
  );
const sortLink = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Comptes des responsables' })
    .getByRole('columnheader', { name: new RegExp(`^${name}`) })
    .getByRole('link');

test('les critères par défaut, la recherche, le tri par élève et le décompte (§5.1)', async ({ page }) => {
  const { director } = await schoolWithFamilies();
  await signInAsAgent(page, director.email);
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Responsables' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gestion des comptes responsables' })).toBeVisible();
  // Defaults: everything ticked, no result until « Rechercher ».
  for (const label of [
    'Non notifié',
    'Notifié et non activé',
    "En cours d'activation",
    'Activé',
    'Avec adresse mail',
    'Sans adresse mail',
    'Etablissement',
    'Responsable',
    'FranceConnect',
    'Non renseigné',
    'CP A',
    'CE1/CE2',
  ]) {
    await expect(page.getByLabel(label, { exact: true })).toBeChecked();
  }
  await expect(page.getByRole('table', { name: 'Comptes des responsables' })).toHaveCount(0);
  await expectAccessible(page);

  // The results' links (account pages, sort orders) are not prefetched: each would be a page
  // rendered on the server for nothing.
  const prefetched: string[] = [];
  page.on('request', (r) => {
    if (/\/admin\/responsables\/compte\/|[?&]tri=/.test(r.url())) prefetched.push(r.url());
  });
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(results(page)).toHaveCount(6);
  await expect
    .poll(() => column(page, 1))
    .toEqual(['BERNARD Adam', 'DURAND Noé', 'LEFÈVRE Zoé', 'LEFÈVRE Zoé', 'MARTIN Chloé']);
  await page.waitForTimeout(1500);
  expect(prefetched).toEqual([]);
  await expect(page.getByText('1 à 5 sur 5 élève(s)')).toBeVisible();
  const header = page.getByRole('columnheader', { name: /Élève/ });
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expectAccessible(page);
});

test('sur un écran de 1 280 pixels, toutes les colonnes se voient sans défiler de côté', async ({ page }) => {
  // ONDE's class labels name the teacher; names can be long; every date is there.
  const school = await createSchool();
  const director = await createDirector([school]);
  await createFamily(school, {
    first: 'Marie-Alexandrine',
    last: 'DE LA FONTAINE-BERTHELOT',
    classLabel: 'Classe 2 - CE1/CE2 - Mme MERCIER-LAFORGE',
    level: 'CE1',
    guardians: [
      {
        first: 'Jean-Christophe',
        state: 'EN_COURS_ACTIVATION',
        distributedAt: '2026-09-03T10:00:00Z',
        lastLoginAt: '2026-11-20T10:00:00Z',
        email: 'jean-christophe@exemple.fr',
      },
    ],
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsAgent(page, director.email);
  await search(page);
  await expect(results(page)).toHaveCount(2);
  // Measured as the director sees it: in Marianne, once the DSFR's fonts have arrived (a fallback face
  // of other widths could still be on screen when the rows are).
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const container = page.locator('.fr-table__container');
  const hidden = await container.evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(hidden, 'pixels du tableau cachés à droite').toBeLessThanOrEqual(0);
  // The dates stay on one line each (one line of text is 24 pixels high here).
  for (const date of ['03-09-2026', '20-11-2026']) {
    const box = (await page.getByRole('cell', { name: date }).locator('xpath=.').boundingBox())!;
    const lines = await page.getByRole('cell', { name: date }).evaluate((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return range.getClientRects().length;
    });
    expect(lines, `${date} sur une ligne`).toBe(1);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  }
  const consult = page.getByRole('link', { name: /Consulter le compte de DE LA FONTAINE-BERTHELOT Jean-Christophe/ });
  const box = (await consult.boundingBox())!;
  expect(box.x + box.width, 'le bouton « Consulter » dans la largeur de l’écran').toBeLessThanOrEqual(1280);
});

test('le texte cherché ignore accents et casse, dans les noms des élèves et des responsables', async ({ page }) => {
  const { director } = await schoolWithFamilies();
  await signInAsAgent(page, director.email);
  await search(page);
  await page.getByLabel("Nom ou prénom d'un élève ou d'un responsable").fill('lefevre');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(results(page)).toHaveCount(3);
  await page.getByLabel("Nom ou prénom d'un élève ou d'un responsable").fill('GAELLE');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(results(page)).toHaveCount(2);
  await expect.poll(() => column(page, 3)).toEqual(['LEFÈVRE Gaëlle']);
});

test('chaque filtre : classe, état, adresse mail, origine ; et le message quand rien ne correspond', async ({
  page,
}) => {
  const { director } = await schoolWithFamilies();
  await signInAsAgent(page, director.email);
  await search(page);
  await tick(page, 'CP A', false);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect.poll(() => column(page, 1)).toEqual(['BERNARD Adam', 'MARTIN Chloé']);
  await tick(page, 'CP A', true);

  for (const s of ['Non notifié', 'Notifié et non activé', "En cours d'activation"]) await tick(page, s, false);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect.poll(() => column(page, 7)).toEqual(['Activé', 'Activé']);
  for (const s of ['Non notifié', 'Notifié et non activé', "En cours d'activation"]) await tick(page, s, true);

  await tick(page, 'Sans adresse mail', false);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect.poll(() => column(page, 3)).toEqual(['DURAND Léa', 'LEFÈVRE Gaëlle']);
  await tick(page, 'Sans adresse mail', true);
  await tick(page, 'Avec adresse mail', false);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(results(page)).toHaveCount(4);
  await tick(page, 'Avec adresse mail', true);

  for (const o of ['Etablissement', 'Responsable', 'Non renseigné']) await tick(page, o, false);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect.poll(() => column(page, 6)).toEqual(['FranceConnect']);

  await page.getByLabel("Nom ou prénom d'un élève ou d'un responsable").fill('personne');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(
    page.getByText(
      'Attention ! Aucun responsable ne correspond à vos critères de sélection. Veuillez modifier votre demande.',
    ),
  ).toBeVisible();
  await expectAccessible(page);
});

test('chaque colonne se trie dans les deux sens', async ({ page }) => {
  const { director } = await schoolWithFamilies();
  await signInAsAgent(page, director.email);
  await search(page);
  await sortLink(page, 'Date de dernier accès').click();
  await expect(page.getByRole('columnheader', { name: /Date de dernier accès/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect.poll(() => column(page, 9)).toEqual(['15-10-2026', '01-11-2026', '20-11-2026', '', '']);
  await sortLink(page, 'Date de dernier accès').click();
  await expect(page.getByRole('columnheader', { name: /Date de dernier accès/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await expect
    .poll(async () => (await column(page, 9)).slice(0, 3))
    .toEqual(['20-11-2026', '01-11-2026', '15-10-2026']);
  const expectations: [string, number, string[]][] = [
    ['Classe', 2, ['CE1/CE2', 'CE1/CE2', 'CP A', 'CP A', 'CP A']],
    ['Responsable', 3, ['BERNARD Inès', 'DURAND Léa', 'LEFÈVRE Gaëlle', 'LEFÈVRE Marc', 'MARTIN Paul']],
    ['État de compte', 7, ['Non notifié', 'Notifié et non activé', "En cours d'activation", 'Activé', 'Activé']],
  ];
  for (const [name, index, asc] of expectations) {
    const header = page.getByRole('columnheader', { name: new RegExp(name) });
    await sortLink(page, name).click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(() => column(page, index)).toEqual(asc);
    await sortLink(page, name).click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => column(page, index)).toEqual([...asc].reverse());
  }
  // The other columns: the rows' order both ways, read on the column itself and on « Responsable »
  // (ties keep the default order: pupil, then guardian).
  const both: [string, number, string[], string[]][] = [
    [
      'Identifiant',
      3,
      ['LEFÈVRE Gaëlle', 'BERNARD Inès', 'DURAND Léa', 'LEFÈVRE Marc', 'MARTIN Paul'],
      ['MARTIN Paul', 'LEFÈVRE Marc', 'DURAND Léa', 'BERNARD Inès', 'LEFÈVRE Gaëlle'],
    ],
    ['Messagerie', 5, ['Non', 'Non', 'Non', 'Oui', 'Oui'], ['Oui', 'Oui', 'Non', 'Non', 'Non']],
    [
      'Messagerie',
      3,
      ['BERNARD Inès', 'LEFÈVRE Marc', 'MARTIN Paul', 'DURAND Léa', 'LEFÈVRE Gaëlle'],
      ['DURAND Léa', 'LEFÈVRE Gaëlle', 'BERNARD Inès', 'LEFÈVRE Marc', 'MARTIN Paul'],
    ],
    [
      'Origine du compte',
      6,
      ['Etablissement', 'Etablissement', 'Etablissement', 'FranceConnect', 'Non renseigné'],
      ['Non renseigné', 'FranceConnect', 'Etablissement', 'Etablissement', 'Etablissement'],
    ],
    ['Date de distribution', 8, ['03-09-2026', '10-09-2026', '', '', ''], ['10-09-2026', '03-09-2026', '', '', '']],
    [
      'Élève',
      1,
      ['BERNARD Adam', 'DURAND Noé', 'LEFÈVRE Zoé', 'LEFÈVRE Zoé', 'MARTIN Chloé'],
      ['MARTIN Chloé', 'LEFÈVRE Zoé', 'LEFÈVRE Zoé', 'DURAND Noé', 'BERNARD Adam'],
    ],
  ];
  for (const [name, index, asc, desc] of both) {
    const header = page.getByRole('columnheader', { name: new RegExp(name) });
    // From « none » or « descending », the header's link sorts ascending.
    await expect(header).not.toHaveAttribute('aria-sort', 'ascending');
    await sortLink(page, name).click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(() => column(page, index)).toEqual(asc);
    await sortLink(page, name).click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => column(page, index)).toEqual(desc);
  }
});

test('pagination, sélection, listes CSV et PDF, retour de la page d’un compte avec la recherche (§5.1, §5.4)', async ({
  page,
}) => {
  const school = await createSchool();
  for (let i = 0; i < 53; i++) {
    await createFamily(school, {
      first: `Élève${String(i).padStart(2, '0')}`,
      last: 'PAGE',
      classLabel: 'CM1',
      level: 'CM1',
      guardians: [{ first: `Parent${i}`, state: 'NON_NOTIFIE' }],
    });
  }
  const director = await createDirector([school]);
  await signInAsAgent(page, director.email);
  await search(page);
  await expect(page.getByText('1 à 50 sur 53 élève(s)')).toBeVisible();
  await page.getByRole('link', { name: 'Suivant' }).click();
  await expect(page.getByText('51 à 53 sur 53 élève(s)')).toBeVisible();
  await expect(results(page)).toHaveCount(4);
  await page.getByRole('link', { name: 'Précédent' }).click();
  await expect(page.getByText('1 à 50 sur 53 élève(s)')).toBeVisible();

  await expect(page.getByText('0 responsable(s) sélectionné(s)')).toBeVisible();
  await page.getByRole('checkbox', { name: /Sélectionner PAGE Parent0 / }).check();
  await page.getByRole('checkbox', { name: /Sélectionner PAGE Parent1 / }).check();
  await expect(page.getByText('2 responsable(s) sélectionné(s)')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Sélectionner tous les responsables de la page' }).check();
  await expect(page.getByText('50 responsable(s) sélectionné(s)')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Sélectionner tous les responsables de la page' }).uncheck();
  await expect(page.getByText('0 responsable(s) sélectionné(s)')).toBeVisible();

  await page.getByRole('checkbox', { name: /Sélectionner PAGE Parent0 / }).check();
  await page.getByRole('checkbox', { name: /Sélectionner PAGE Parent1 / }).check();
  await page.getByRole('button', { name: 'Lister les comptes' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Imprimer la liste des responsables (format csv)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Educonnect-ListeResponsables-\d{14}\.csv$/);
  const csv = fs.readFileSync((await file.path())!, 'utf8');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    "RNE;Ecole;Nom de l'élève;Prénom de l'élève;Niveau de l'élève;Classe de l'élève;" +
      'Nom du responsable;Prénom du responsable;Identifiant;Mot de passe',
  );
  expect(lines.slice(1).map((l) => l.split(';').slice(2, 8).join(';'))).toEqual([
    'PAGE;Élève00;Cours moyen 1re année;CM1;PAGE;Parent0',
    'PAGE;Élève01;Cours moyen 1re année;CM1;PAGE;Parent1',
  ]);
  // The same two rows as a PDF (§5.4), read back.
  await page.getByRole('button', { name: 'Lister les comptes' }).click();
  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Imprimer la liste des responsables (format pdf)' }).click();
  const pdfFile = await pdfDownload;
  expect(pdfFile.suggestedFilename()).toMatch(/^Educonnect-ListeResponsables-\d{14}\.pdf$/);
  const listed = await getDocumentProxy(new Uint8Array(fs.readFileSync((await pdfFile.path())!)));
  const listedText = (await extractText(listed, { mergePages: true })).text.replace(/\s+/g, ' ');
  expect(listed.numPages).toBe(1);
  expect(listedText).toContain(`Ecole : ${school.uai} - ${school.name}`);
  expect(listedText).toMatch(/PAGE Élève00 Cours moyen 1re année CM1 PAGE Parent0 \S+ .*PAGE Élève01/);
  // More rows than a PDF list may hold (the screen sends a page, 50 at most): refused before any reading.
  const tooMany = await page.request.post('/admin/responsables/liste?format=pdf', {
    data: Array.from({ length: 501 }, (_, i) => `ligne=${i + 1}%3A${i + 1}`).join('&'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(page.url()).origin },
  });
  expect([tooMany.status(), await tooMany.text()]).toEqual([
    400,
    'Une liste au format PDF compte au plus 500 lignes : sélectionnez moins de responsables, ' +
      'ou demandez la liste au format CSV.',
  ]);

  // Way back from an account page: the same search, first page.
  await page.getByLabel("Nom ou prénom d'un élève ou d'un responsable").fill('parent17');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(results(page)).toHaveCount(2);
  await page.getByRole('link', { name: /Consulter le compte de PAGE Parent17 / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Informations du compte' })).toBeVisible();
  await page.getByRole('link', { name: 'Retour à la liste des responsables' }).click();
  await expect(page.getByLabel("Nom ou prénom d'un élève ou d'un responsable")).toHaveValue('parent17');
  await expect(results(page)).toHaveCount(2);
});

test('la page d’un compte montre ce que dit le guide (§5.2)', async ({ page }) => {
  const { director } = await schoolWithFamilies();
  await signInAsAgent(page, director.email);
  await search(page);
  await page.getByRole('link', { name: /Consulter le compte de LEFÈVRE Gaëlle/ }).click();
  const info = page.getByRole('main');
  await expect(info.getByText('BUNZ57DM')).toBeVisible();
  await expect(info.getByText('gaelle@exemple.fr')).toBeVisible();
  await expect(info.getByText('Non renseigné', { exact: true })).toBeVisible();
  await expect(info.getByText('Notifié et non activé')).toBeVisible();
  await expect(info.getByText('03-09-2026')).toBeVisible();
  await expect(info.getByText('Non renseignée')).toBeVisible();
  await expect(
    info.getByText(
      '* Seuls les mots de passe provisoires sont affichés, le mot de passe choisi par le responsable ' +
        "lors de l'activation de son compte est masqué.",
    ),
  ).toBeVisible();
  const ici = page.getByRole('table', { name: "Inscrits dans l'établissement" });
  await expect(ici.getByRole('row').nth(1)).toHaveText('ZoéLEFÈVRE14-05-2018CP A');
  const ailleurs = page.getByRole('table', { name: 'Inscrits dans un autre établissement' });
  await expect(ailleurs.getByRole('row').nth(1)).toContainText(
    /HugoLEFÈVRE14-05-2018\d{7}[A-Z] - E\.M\.PU-AUTRE ÉCOLE/,
  );
  // « Historique »: this very view, by this director (who saw the password, issue « Hardening »).
  const history = page.getByRole('table', { name: /Actions sur le compte/ });
  await expect(history.getByRole('row').nth(1)).toContainText(
    new RegExp(
      `^\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2}Compte consulté \\(mot de passe provisoire affiché\\)` +
        `${director.firstName} ${director.lastName} \\(directeur, \\d{7}[A-Z]\\)$`,
    ),
  );
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Retour à la liste des responsables' }).click();
  await page.getByRole('link', { name: /Consulter le compte de LEFÈVRE Marc/ }).click();
  await expect(page.getByRole('main').getByText('*****', { exact: true })).toBeVisible();
  await expect(page.getByRole('main').getByText('06 11 22 33 44', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Retour à la liste des responsables' }).click();
  await page.getByRole('link', { name: /Consulter le compte de BERNARD Inès/ }).click();
  await expect(page.getByText('Mot de passe *')).toHaveCount(0);
  // No password row, so no note about it; and the history does not claim that a password was seen.
  await expect(page.getByText('* Seuls les mots de passe provisoires')).toHaveCount(0);
  await expect(
    page
      .getByRole('table', { name: /Actions sur le compte/ })
      .getByRole('row')
      .nth(1),
  ).toContainText('Compte consulté (aucun mot de passe affiché)');
});

// Without INE, provisionally admitted, without class, detached; a contact; a merged account.
test('hors périmètre (§1.3.1) : ni listé, ni exporté, ni consultable', async ({ page }) => {
  const { director, outside } = await schoolWithFamilies();
  await signInAsAgent(page, director.email);
  await search(page);
  await expect(page.getByText('1 à 5 sur 5 élève(s)')).toBeVisible();
  const html = await page.content();
  for (const name of OUTSIDE_NAMES) expect(html, name).not.toContain(name);

  await page.getByRole('checkbox', { name: 'Sélectionner tous les responsables de la page' }).check();
  await page.getByRole('button', { name: 'Lister les comptes' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Imprimer la liste des responsables (format csv)' }).click();
  const csv = fs.readFileSync((await (await download).path())!, 'utf8');
  expect(csv.trim().split('\r\n')).toHaveLength(6);
  for (const name of OUTSIDE_NAMES) expect(csv, name).not.toContain(name);

  for (const family of outside) {
    for (const account of family.accounts) {
      const res = await page.goto(`/admin/responsables/compte/${account.id}`);
      expect(res!.status()).toBe(404);
      const list = await page.request.post('/admin/responsables/liste?format=csv', {
        form: { ligne: `${family.pupilId}:${account.id}` },
      });
      expect(list.status()).toBe(400);
    }
  }
});
