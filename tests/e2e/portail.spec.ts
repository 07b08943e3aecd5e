/**
 * The guardians' portal in the browser (guide §1.2, §1.3.4, §1.3.5): every way to an « Activé »
 * account, seen from the parent's side and from the director's. Codes and links are read from
 * the dev outbox (the table behind /dev/boite-mail), as a parent reads their phone or mailbox.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createDirector, createFamily, createSchool, expectAccessible, signInAsAgent, withDb } from './support';
import { openBody } from '@/lib/messaging/message-body';

/** The last message of each recipient and template read so far. */
const read = new Map<string, number>();

/**
 * The newest message to `recipient` (of `template`) that this file has not read yet. The portal's
 * « forgotten » and SMS forms send after their answer has left (lib/portal/later.ts), as a phone
 * receives an SMS a moment after the screen changes: it is waited for, up to 10 seconds.
 */
async function lastMessage(recipient: string, template?: string): Promise<string> {
  const key = `${recipient}|${template ?? ''}`;
  let found: { id: number; text: string } | undefined;
  await expect
    .poll(
      async () => {
        found = await withDb(
          async (c) =>
            (
              await c.query<{ id: number; text: string }>(
                `select id, text from outbound_message
                  where recipient = $1 and ($2::text is null or template = $2) and id > $3
                  order by id desc limit 1`,
                [recipient, template ?? null, read.get(key) ?? 0],
              )
            ).rows[0],
        );
        return found !== undefined;
      },
      { message: `message à ${recipient}`, timeout: 10_000 },
    )
    .toBe(true);
  read.set(key, found!.id);
  return openBody(found!.text);
}

const accountRow = (id: number) =>
  withDb(
    async (c) =>
      (await c.query(`select state, origin, deleted_at, merged_into_id from account where id = $1`, [id])).rows[0],
  );

async function signIn(page: Page, identifiant: string, password: string) {
  await page.goto('/connexion');
  await page.getByLabel(/^Identifiant/).fill(identifiant);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The first login's form (guide §1.3.4) filled and sent: the password twice, the address, the child's birth date. */
async function fillFirstLogin(
  page: Page,
  { password, email, child, birthDate }: { password: string; email: string; child: string; birthDate: string },
) {
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(password);
  await page.getByLabel('Confirmation du nouveau mot de passe').fill(password);
  await page.getByLabel('Adresse de messagerie').fill(email);
  await page.getByLabel(`Date de naissance de ${child}`).fill(birthDate);
  await page.getByRole('button', { name: 'Valider' }).click();
}

/** The path of the C07 link last sent to `email`. */
const activationPath = async (email: string) =>
  /\/activation\/[A-Za-z0-9_-]+/.exec(await lastMessage(email, 'C07'))![0];

/**
 * The director's side: the account's state on its page (§5.2), and the school's statistics
 * recomputed (§6.1): accounts, non notifiés, notifiés et non activés, en cours, activés.
 */
async function directorSees(
  browser: Browser,
  director: { email: string },
  accountId: number,
  state: string,
  counts: string[],
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAgent(page, director.email);
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Statistiques' }).click();
  await page.getByRole('button', { name: 'Calculer les statistiques' }).click();
  const synthese = page.getByRole('table', { name: 'Synthèse des comptes responsables de la structure' });
  const cells = synthese.getByRole('row').nth(1).getByRole('cell');
  for (const [i, n] of counts.entries()) await expect(cells.nth(i)).toHaveText(n, { timeout: 30_000 });
  await page.goto(`/admin/responsables/compte/${accountId}`);
  const value = page.getByRole('term').filter({ hasText: 'État du compte' }).locator('xpath=following-sibling::dd[1]');
  await expect(value).toHaveText(new RegExp(`(^|\\W)${state}$`));
  await context.close();
}

test('première connexion avec le courrier, lien C07, compte « Activé » vu par le directeur (§1.3.4)', async ({
  page,
  browser,
}) => {
  const school = await createSchool('E.E.PU-PORTAIL COURRIER');
  const family = await createFamily(school, {
    first: 'Inès',
    last: 'BERNARD',
    classLabel: 'CP A',
    level: 'CP',
    birthDate: '2018-09-03',
    guardians: [
      {
        first: 'Sophie',
        state: 'NOTIFIE_NON_ACTIVE',
        provisional: 'K7MW3QPZ',
        letterValidUntil: '2099-01-01',
        email: 'sophie.bernard@exemple.fr',
      },
    ],
  });
  const director = await createDirector([school]);
  const { id, identifiant } = family.accounts[0];
  await signIn(page, identifiant, 'K7MW3QPZ');
  await expect(page).toHaveURL(/\/connexion\/premiere-connexion$/);
  await expect(page.getByRole('heading', { name: 'Première connexion' })).toBeVisible();
  await expectAccessible(page);
  // The rule is shown and checked as typed.
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('abcdefgh');
  await expect(page.getByText('au moins un chiffre')).toHaveClass(/fr-message--error/);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('soleil2024');
  await expect(page.getByText('au moins un chiffre')).toHaveClass(/fr-message--valid/);
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('soleil2024');
  await expect(page.getByLabel('Adresse de messagerie')).toHaveValue('sophie.bernard@exemple.fr');
  await page.getByLabel('Adresse de messagerie').fill('sophie@exemple.fr');
  // A date that does not exist: said under the field, in the order a French parent writes it.
  await page.getByLabel('Date de naissance de Inès BERNARD').fill('31/02/2018');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(
    page.getByText("Cette date n'existe pas : vérifiez le jour, le mois et l'année (jj/mm/aaaa)."),
  ).toBeVisible();
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('soleil2024');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('soleil2024');
  // A wrong birth date: refused, without saying which answer was wrong.
  await page.getByLabel('Date de naissance de Inès BERNARD').fill('04/09/2018');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText("Les informations saisies ne permettent pas d'activer votre compte.")).toBeVisible();
  await expect(page.getByLabel('Adresse de messagerie')).toHaveValue('sophie@exemple.fr');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('soleil2024');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('soleil2024');
  await page.getByLabel('Date de naissance de Inès BERNARD').fill('03/09/2018');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('heading', { name: /validez votre adresse de messagerie/ })).toBeVisible();
  await expectAccessible(page);
  expect(await accountRow(id)).toMatchObject({ state: 'EN_COURS_ACTIVATION', origin: 'ETABLISSEMENT' });
  await directorSees(browser, director, id, "En cours d'activation", ['1', '0', '0', '1', '0']);

  const c07 = await lastMessage('sophie@exemple.fr', 'C07');
  const link = /https?:\/\/\S+\/activation\/[A-Za-z0-9_-]+/.exec(c07)![0];
  await page.goto(new URL(link).pathname);
  await expect(page.getByText('Votre compte est activé', { exact: true })).toBeVisible();
  expect(await accountRow(id)).toMatchObject({ state: 'ACTIVE' });
  await directorSees(browser, director, id, 'Activé', ['1', '0', '0', '0', '1']);

  // The provisional password no longer works; the chosen one opens the portal.
  await signIn(page, identifiant, 'K7MW3QPZ');
  await expect(page.getByText("L'identifiant ou le mot de passe est incorrect.")).toBeVisible();
  await signIn(page, identifiant, 'soleil2024');
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(page.getByRole('cell', { name: 'Inès BERNARD' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'E.E.PU-PORTAIL COURRIER' })).toBeVisible();
  await expectAccessible(page);
  // A guardian's session opens nothing of the directors' area.
  for (const path of ['/admin', '/admin/responsables', `/admin/responsables/compte/${id}`, '/admin/statistiques']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/admin\/connexion/);
  }
  await page.goto('/mon-compte');
  const signedIn = await page.context().cookies();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
  // Signed out, the browser has no session cookie: the sign-in page, without a message.
  await page.goto('/mon-compte');
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByText('Votre session a expiré')).toHaveCount(0);
  // The old cookie, replayed, opens nothing: the session ended on the server, and the page says so.
  await page.context().addCookies(signedIn);
  await page.goto('/mon-compte');
  await expect(page).toHaveURL(/\/connexion\?session=expiree/);
  await expect(page.getByText('Votre session a expiré ou a été fermée : reconnectez-vous.')).toBeVisible();
});

test('adresse mal tapée à la première connexion : le refus se voit, l’adresse se corrige (annexe A1.3)', async ({
  page,
}) => {
  const school = await createSchool('E.E.PU-PORTAIL ADRESSE');
  const family = await createFamily(school, {
    first: 'Noah',
    last: 'FAURE',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Léa', state: 'NOTIFIE_NON_ACTIVE', provisional: 'M8RT2KXW', letterValidUntil: '2099-01-01' }],
  });
  const { id, identifiant } = family.accounts[0];
  await signIn(page, identifiant, 'M8RT2KXW');
  await fillFirstLogin(page, {
    ...{ password: 'plage2024', email: 'lea.faure@gmial.com' },
    ...{ child: 'Noah FAURE', birthDate: '14/05/2018' },
  });
  await expect(page.getByText('Il a été envoyé à lea.faure@gmial.com.', { exact: false })).toBeVisible();
  const first = await activationPath('lea.faure@gmial.com');

  // Her mail server refuses it (the relay's report, or Resend's webhook): the page says so.
  await withDb((c) =>
    c.query(`update outbound_message set status = 'REFUSED' where account_id = $1 and template = 'C07'`, [id]),
  );
  await page.reload();
  await expect(page.getByText("Le courriel d'activation n'a pas pu être remis")).toBeVisible();
  await expectAccessible(page);
  // Signing in again asks for the address rather than sending to it once more.
  const sent = () =>
    withDb(
      async (c) =>
        (await c.query(`select count(*)::int as n from outbound_message where account_id = $1`, [id])).rows[0].n,
    );
  const before = await sent();
  // (The sign-in page is offered, session or not: its sign-in replaces the waiting session.)
  await signIn(page, identifiant, 'plage2024');
  await expect(page.getByText("Le courriel d'activation n'a pas pu être remis")).toBeVisible();
  expect(await sent()).toBe(before);

  // Corrected: a new C07 to the right address; the first link no longer works.
  await page.getByLabel('Adresse de messagerie').fill('lea.faure@gmail.com');
  await page.getByRole('button', { name: "Recevoir un nouveau courriel d'activation" }).click();
  await expect(page.getByText("Un nouveau courriel d'activation vous a été envoyé")).toBeVisible();
  await expect(page.getByText('Il a été envoyé à lea.faure@gmail.com.', { exact: false })).toBeVisible();
  const second = await activationPath('lea.faure@gmail.com');
  await page.goto(first);
  await expect(page.getByText("Lien d'activation non valable")).toBeVisible();
  await page.goto(second);
  await expect(page.getByText('Votre compte est activé', { exact: true })).toBeVisible();
  expect(await accountRow(id)).toMatchObject({ state: 'ACTIVE' });
  // The session that waited for the click is closed: the portal opens after a sign-in.
  await page.goto('/connexion/courriel-envoye');
  await expect(page).toHaveURL(/\/connexion\?session=expiree/);
  await signIn(page, identifiant, 'plage2024');
  await expect(page).toHaveURL(/\/mon-compte$/);
});

test('courrier de plus de 3 mois : refusé, avec ce qu’il faut faire', async ({ page }) => {
  const school = await createSchool('E.E.PU-PORTAIL EXPIRE');
  const family = await createFamily(school, {
    first: 'Hugo',
    last: 'PETIT',
    classLabel: 'CE1',
    level: 'CE1',
    guardians: [
      { first: 'Paul', state: 'NOTIFIE_NON_ACTIVE', provisional: 'T4XR8NBC', letterValidUntil: '2020-01-01' },
    ],
  });
  await signIn(page, family.accounts[0].identifiant, 'T4XR8NBC');
  await expect(page.getByText("Le mot de passe provisoire de votre courrier n'est plus valable")).toBeVisible();
  await expect(page.getByText("Demandez un nouveau courrier au directeur de l'école.")).toBeVisible();
});

test('inconnu et mot de passe faux : même réponse ; 10 échecs bloquent ; « Mot de passe oublié ? » débloque', async ({
  page,
}) => {
  const school = await createSchool('E.E.PU-PORTAIL BLOCAGE');
  const family = await createFamily(school, {
    first: 'Lina',
    last: 'ROUX',
    classLabel: 'CM1',
    level: 'CM1',
    guardians: [
      { first: 'Karim', state: 'NOTIFIE_NON_ACTIVE', provisional: 'P3LK9WXZ', letterValidUntil: '2099-01-01' },
    ],
  });
  const { id, identifiant } = family.accounts[0];
  // Activate it through the letter, then verify the address as the C07 would.
  await signIn(page, identifiant, 'P3LK9WXZ');
  await fillFirstLogin(page, {
    ...{ password: 'lune2024ok', email: 'karim.roux@exemple.fr' },
    ...{ child: 'Lina ROUX', birthDate: '14/05/2018' },
  });
  await expect(page.getByRole('heading', { name: /validez votre adresse de messagerie/ })).toBeVisible();
  await page.goto(await activationPath('karim.roux@exemple.fr'));
  await expect(page.getByText('Votre compte est activé', { exact: true })).toBeVisible();

  const unknown = await page.request.get('/connexion');
  expect(unknown.status()).toBe(200);
  await signIn(page, `inconnu.${Date.now()}`, 'mauvais12');
  const unknownText = await page.getByRole('alert').last().textContent();
  await signIn(page, identifiant, 'mauvais12');
  const knownText = await page.getByRole('alert').last().textContent();
  expect(knownText).toBe(unknownText);

  // Waits grow from the third failure; the test clears them as time would.
  for (let i = 2; i <= 10; i++) {
    await withDb((c) => c.query(`delete from rate_limit where key like 'attente-identifiant:%'`));
    await signIn(page, identifiant, 'mauvais12');
    await expect(page.getByText("L'identifiant ou le mot de passe est incorrect.")).toBeVisible();
  }
  await withDb((c) => c.query(`delete from rate_limit where key like 'attente-identifiant:%'`));
  await signIn(page, identifiant, 'lune2024ok');
  await expect(page.getByText('Après 10 essais infructueux, la connexion à ce compte est bloquée.')).toBeVisible();

  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page).toHaveURL(/\/mot-de-passe-oublie$/);
  await expectAccessible(page);
  await page.getByLabel(/^Identifiant/).fill(identifiant);
  await page.getByRole('button', { name: 'Recevoir', exact: true }).click();
  await expect(page.getByText('Si cet identifiant correspond à un compte activé')).toBeVisible();
  const reset = /\/mot-de-passe-oublie\/[A-Za-z0-9_-]+/.exec(
    await lastMessage('karim.roux@exemple.fr', 'mot-de-passe-oublie'),
  )![0];
  await page.goto(reset);
  await expectAccessible(page);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('etoile2025');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('etoile2025');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText('Votre mot de passe est modifié')).toBeVisible();
  await signIn(page, identifiant, 'etoile2025');
  await expect(page).toHaveURL(/\/mon-compte$/);
  // A used link is refused and offers a new one.
  await page.goto(reset);
  await expect(page.getByRole('link', { name: 'Demander un nouveau lien' })).toBeVisible();
  expect(await accountRow(id)).toMatchObject({ state: 'ACTIVE' });
});

test('création du compte par SMS avec regroupement de deux fiches (§1.2, §1.3.4)', async ({ page }) => {
  const school = await createSchool('E.E.PU-PORTAIL SMS');
  const mobile = `+3361${String(Date.now()).slice(-7)}`;
  const a = await createFamily(school, {
    first: 'Jade',
    last: 'MOREAU',
    classLabel: 'GS',
    level: 'GS',
    birthDate: '2019-02-11',
    guardians: [{ first: 'Élodie', state: 'NON_NOTIFIE', mobile }],
  });
  const b = await createFamily(school, {
    first: 'Noé',
    last: 'MOREAU',
    classLabel: 'CE2',
    level: 'CE2',
    birthDate: '2016-07-30',
    guardians: [{ first: 'Elodie', state: 'NOTIFIE_NON_ACTIVE', mobile, provisional: 'Z9Q2W3E4' }],
  });
  await page.goto('/connexion');
  await page.getByRole('link', { name: "Je n'ai pas de compte : créer mon compte par SMS" }).click();
  await expect(page.getByLabel('Numéro de téléphone portable')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Nom', { exact: true }).fill('moreau');
  await page.getByLabel('Prénom', { exact: true }).fill('elodie');
  await page.getByLabel('Numéro de téléphone portable').fill('06 12');
  await page.getByRole('button', { name: 'Recevoir un code par SMS' }).click();
  await expect(page.getByText('Saisissez un numéro de téléphone portable valide')).toBeVisible();
  await page.getByLabel('Numéro de téléphone portable').fill(mobile.replace('+33', '0'));
  await page.getByRole('button', { name: 'Recevoir un code par SMS' }).click();
  await expect(page).toHaveURL(/\/creer-mon-compte\/code$/);
  await expect(page).toHaveTitle('Créer mon compte par SMS - Étape 2 sur 4 : Code reçu par SMS - EduConnect');
  await expectAccessible(page);
  const code = /\b(\d{6})\b/.exec(await lastMessage(mobile, 'code-sms'))![1];
  await page.getByLabel('Code reçu par SMS').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await expect(page.getByText("Ce code n'est pas le bon")).toBeVisible();
  await page.getByLabel('Code reçu par SMS').fill(code);
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await expect(page).toHaveURL(/\/creer-mon-compte\/enfants$/);
  await expectAccessible(page);
  await page.getByLabel('Date de naissance de Jade MOREAU').fill('11022019');
  await page.getByLabel('Date de naissance de Noé MOREAU').fill('30/07/2016');
  await page.getByRole('button', { name: 'Valider les dates de naissance' }).click();
  await expect(page).toHaveURL(/\/creer-mon-compte\/fin$/);
  await expect(page.getByText('Voulez-vous regrouper vos enfants sur un seul compte ?')).toBeVisible();
  await expectAccessible(page);
  // The confirmation field keeps the space of a form field below the rule's last line.
  const rule = (await page.getByText('au moins un chiffre').boundingBox())!;
  const next = (await page.locator('label', { hasText: 'Confirmation du mot de passe' }).boundingBox())!;
  expect(next.y - (rule.y + rule.height)).toBeGreaterThanOrEqual(16);
  await page.getByLabel('Mot de passe', { exact: true }).fill('maison2024');
  await page.getByLabel('Confirmation du mot de passe').fill('maison2024');
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expect(page).toHaveURL(/\/mon-compte\?bienvenue=1$/);
  await expect(page.getByRole('cell', { name: 'Jade MOREAU' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Noé MOREAU' })).toBeVisible();
  const [first, second] = [a.accounts[0].id, b.accounts[0].id].sort((x, y) => x - y);
  expect(await accountRow(first)).toMatchObject({ state: 'ACTIVE', origin: 'RESPONSABLE', deleted_at: null });
  expect(await accountRow(second)).toMatchObject({ merged_into_id: first });

  // Later, the password forgotten: a code to the mobile confirmed by the signup.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page).toHaveURL(/\/mot-de-passe-oublie$/);
  const identifiant = a.accounts[0].id === first ? a.accounts[0].identifiant : b.accounts[0].identifiant;
  await page.getByLabel(/^Identifiant/).fill(identifiant);
  await page.locator('label', { hasText: 'Un code par SMS' }).click();
  await page.getByRole('button', { name: 'Recevoir', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-de-passe-oublie\/code$/);
  await expectAccessible(page);
  const recovery = /\b(\d{6})\b/.exec(await lastMessage(mobile, 'code-sms'))![1];
  await page.getByLabel('Code reçu par SMS').fill(recovery);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('fenetre2025');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('fenetre2025');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText('Votre mot de passe est modifié')).toBeVisible();
  await signIn(page, identifiant, 'fenetre2025');
  await expect(page).toHaveURL(/\/mon-compte$/);
});

test('une personne inconnue voit les mêmes écrans et ne reçoit aucun code', async ({ page }) => {
  const mobile = `+3362${String(Date.now()).slice(-7)}`;
  await page.goto('/creer-mon-compte');
  await page.getByLabel('Nom', { exact: true }).fill('PERSONNE');
  await page.getByLabel('Prénom', { exact: true }).fill('Inconnue');
  await page.getByLabel('Numéro de téléphone portable').fill(mobile.replace('+33', '0'));
  await page.getByRole('button', { name: 'Recevoir un code par SMS' }).click();
  await expect(page).toHaveURL(/\/creer-mon-compte\/code$/);
  await page.getByLabel('Code reçu par SMS').fill('123456');
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await expect(page.getByText("Ce code n'est pas le bon")).toBeVisible();
  // Read once the screens are done: the work after the first answer (lib/portal/later.ts) is over too.
  const sent = await withDb(
    async (c) => (await c.query(`select 1 from outbound_message where recipient = $1`, [mobile])).rowCount,
  );
  expect(sent).toBe(0);
});

test('FranceConnect : liaison au premier passage, puis connexion directe ; déconnexion chez FranceConnect', async ({
  page,
}) => {
  const school = await createSchool('E.E.PU-PORTAIL FRANCECONNECT');
  const mobile = '+33687654321';
  const family = await createFamily(school, {
    first: 'Louis',
    last: 'DUPONT',
    classLabel: 'CM2',
    level: 'CM2',
    birthDate: '2015-04-20',
    guardians: [{ first: 'Marie', state: 'NON_NOTIFIE', mobile }],
  });
  await page.goto('/connexion');
  await expect(page.getByRole('link', { name: /Qu.est-ce que FranceConnect/ })).toBeVisible();
  // A parent who turns back at FranceConnect is told so, not that something failed.
  await page.getByRole('link', { name: /S’identifier avec FranceConnect|S'identifier avec FranceConnect/ }).click();
  await page.getByRole('button', { name: 'Revenir sur le service sans me connecter' }).click();
  await expect(page).toHaveURL(/\/connexion\?franceconnect-annulee=1$/);
  await expect(page.getByText('Vous avez annulé la connexion avec FranceConnect.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: /S’identifier avec FranceConnect|S'identifier avec FranceConnect/ }).click();
  await page.getByRole('button', { name: /Marie DUPONT/ }).click();
  await expect(page).toHaveURL(/\/connexion\/franceconnect\/telephone$/);
  await expectAccessible(page);
  await page.getByLabel('Numéro de téléphone portable').fill('06 87 65 43 21');
  await page.getByRole('button', { name: 'Recevoir un code par SMS' }).click();
  await expect(page).toHaveURL(/\/connexion\/franceconnect\/code$/);
  await expectAccessible(page);
  const code = /\b(\d{6})\b/.exec(await lastMessage(mobile, 'code-sms'))![1];
  await page.getByLabel('Code reçu par SMS').fill(code);
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await expect(page.getByLabel('Date de naissance de Louis DUPONT')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Date de naissance de Louis DUPONT').fill('20/04/2015');
  await page.getByRole('button', { name: 'Valider les dates de naissance' }).click();
  await expect(page).toHaveURL(/\/connexion\/franceconnect\/fin$/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Activer mon compte avec FranceConnect' }).click();
  await expect(page).toHaveURL(/\/mon-compte\?bienvenue=1$/);
  await expect(page.getByText('Compte lié à FranceConnect')).toBeVisible();
  // The mobile as the parent typed it and reads it, not as it is stored (+33687654321).
  await expect(page.getByText('06 87 65 43 21', { exact: true })).toBeVisible();
  expect(await accountRow(family.accounts[0].id)).toMatchObject({ state: 'ACTIVE', origin: 'FRANCECONNECT' });

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  // FranceConnect's own logout (the stand-in asks, as the real one may).
  await expect(page.getByRole('heading', { name: 'Déconnexion' })).toBeVisible();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnexion=1/);
  await page.getByRole('link', { name: /S’identifier avec FranceConnect|S'identifier avec FranceConnect/ }).click();
  await page.getByRole('button', { name: /Marie DUPONT/ }).click();
  await expect(page).toHaveURL(/\/mon-compte$/);
});

test('la page de connexion sur un téléphone (375 px) est accessible', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/connexion');
  await expect(page.getByRole('heading', { name: 'Connexion aux services en ligne' })).toBeVisible();
  await expectAccessible(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

test('après une réinitialisation, « Mon compte » : mot de passe, adresse, identifiant oublié, regroupement', async ({
  page,
}) => {
  const school = await createSchool('E.E.PU-PORTAIL COMPTE');
  const email = `claire.${Date.now()}@exemple.fr`;
  // « Activé », then reset by the director: a provisional password and no chosen one.
  const family = await createFamily(school, {
    first: 'Emma',
    last: 'LEROY',
    classLabel: 'CE2',
    level: 'CE2',
    guardians: [{ first: 'Claire', state: 'ACTIVE', provisional: 'R5T6Y7U8', letterValidUntil: '2099-01-01', email }],
  });
  const other = await createFamily(school, {
    first: 'Jules',
    last: 'LEROY',
    classLabel: 'CM2',
    level: 'CM2',
    guardians: [
      { first: 'Claire', state: 'NOTIFIE_NON_ACTIVE', provisional: 'W2X3C4V5', letterValidUntil: '2099-01-01' },
    ],
  });
  const { id, identifiant } = family.accounts[0];
  await withDb((c) => c.query(`update account set email_verified_at = now() where id = $1`, [id]));

  await signIn(page, identifiant, 'R5T6Y7U8');
  await expect(page).toHaveURL(/\/connexion\/nouveau-mot-de-passe$/);
  await expectAccessible(page);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('riviere2024');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('riviere2025');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByText('Les deux mots de passe saisis sont différents.')).toBeVisible();
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('riviere2024');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('riviere2024');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page).toHaveURL(/\/mon-compte\?mot-de-passe=modifie$/);
  await expect(page.getByText('Votre mot de passe est modifié.')).toBeVisible();

  await page.getByRole('link', { name: 'Modifier mon mot de passe' }).click();
  await expect(page.getByRole('heading', { name: 'Modifier mon mot de passe' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Mot de passe actuel').fill('faux12345');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('colline2024');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('colline2024');
  await page.getByRole('button', { name: 'Modifier mon mot de passe' }).click();
  await expect(page.getByText('Votre mot de passe actuel est incorrect.')).toBeVisible();
  await page.getByLabel('Mot de passe actuel').fill('riviere2024');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('colline2024');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('colline2024');
  await page.getByRole('button', { name: 'Modifier mon mot de passe' }).click();
  await expect(page.getByText('Votre mot de passe est modifié.')).toBeVisible();

  const newEmail = `claire.nouvelle.${Date.now()}@exemple.fr`;
  await page.getByRole('link', { name: 'Modifier mon adresse électronique' }).click();
  await expect(page.getByLabel('Nouvelle adresse électronique')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Nouvelle adresse électronique').fill('pas-une-adresse');
  await page.getByRole('button', { name: 'Recevoir un lien de confirmation' }).click();
  await expect(page.getByText('Saisissez une adresse électronique valide')).toBeVisible();
  await page.getByLabel('Nouvelle adresse électronique').fill(newEmail);
  await page.getByRole('button', { name: 'Recevoir un lien de confirmation' }).click();
  await expect(page.getByText("Un courriel vient d'être envoyé à la nouvelle adresse")).toBeVisible();
  const confirm = /\/adresse\/[A-Za-z0-9_-]+/.exec(await lastMessage(newEmail, 'nouvelle-adresse'))![0];
  await page.goto(confirm);
  await expect(page.getByText(`L'adresse ${newEmail} est désormais celle de votre compte.`)).toBeVisible();
  await expectAccessible(page);
  await page.goto(confirm);
  await expect(page.getByText('Lien non valable')).toBeVisible();

  await page.goto('/mon-compte/enfants');
  await expectAccessible(page);
  await page.getByLabel("Identifiant de l'autre compte").fill(other.accounts[0].identifiant);
  await page.getByLabel("Mot de passe de l'autre compte").fill('W2X3C4V5');
  await page.getByRole('button', { name: 'Ajouter les élèves' }).click();
  await expect(page.getByText("Les enfants de l'autre compte sont désormais rattachés à ce compte.")).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Emma LEROY' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Jules LEROY' })).toBeVisible();
  expect(await accountRow(other.accounts[0].id)).toMatchObject({ merged_into_id: id });

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('link', { name: 'Identifiant oublié ?' }).click();
  await expect(page).toHaveURL(/\/identifiant-oublie$/);
  await expectAccessible(page);
  await page.getByLabel('Adresse de messagerie ou numéro de téléphone portable').fill(newEmail);
  await page.getByRole('button', { name: 'Recevoir mon identifiant' }).click();
  await expect(page.getByText('Si un compte activé correspond à ce que vous avez saisi')).toBeVisible();
  expect(await lastMessage(newEmail, 'identifiant-oublie')).toContain(identifiant);
  // The absorbed account can no longer sign in.
  await signIn(page, other.accounts[0].identifiant, 'W2X3C4V5');
  await expect(page.getByText("L'identifiant ou le mot de passe est incorrect.")).toBeVisible();
});
