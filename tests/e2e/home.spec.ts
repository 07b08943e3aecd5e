import { expect, test } from '@playwright/test';
import { expectAccessible } from './support';
import { sealBody } from '@/lib/messaging/message-body';

test('la page d’accueil publique mène à l’espace directeur et à l’espace responsable', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'EduConnect' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Espace directeur d'école/ })).toHaveAttribute('href', '/admin');
  await expect(page.getByRole('link', { name: /Espace responsable d'élève/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'boîte mail de démonstration' })).toHaveAttribute(
    'href',
    '/dev/boite-mail',
  );
  await expectAccessible(page);
});

test('la boîte mail de démonstration s’affiche', async ({ page }) => {
  await page.goto('/dev/boite-mail');
  await expect(page.getByRole('heading', { level: 1, name: 'Boîte mail de démonstration' })).toBeVisible();
  await expectAccessible(page);
});

test('l’espace responsable présente les trois façons d’obtenir un compte (§1.3.4)', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Espace responsable d'élève/ }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await page.goto('/espace-responsable');
  await expect(page.getByRole('heading', { level: 1, name: "Espace responsable d'élève" })).toBeVisible();
  for (const name of ["Avec le courrier de l'école", 'Par SMS', 'Avec FranceConnect']) {
    await expect(page.getByRole('heading', { level: 3, name })).toBeVisible();
  }
  await expectAccessible(page);
});

test('le FranceConnect de démonstration propose des identités de test', async ({ page, baseURL }) => {
  const port = Number(new URL(baseURL!).port) + 1;
  const params = new URLSearchParams({
    client_id: 'educonnect-portail',
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: `${baseURL}/connexion/franceconnect/retour`,
    state: 'etat-de-test',
    nonce: 'nonce-de-test',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  await page.goto(`http://localhost:${port}/franceconnect/auth?${params}`);
  await expect(page.getByRole('heading', { name: 'Choisir une identité de test' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Marie DUPONT/ })).toBeVisible();
  await expectAccessible(page);
});

test('la boîte mail de démonstration montre les messages envoyés, le plus récent en premier', async ({ page }) => {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const key = `e2e-${Date.now()}`;
  await c.query(
    `insert into outbound_message (channel, recipient, subject, template, html, text, idempotency_key, status,
      created_at)
     values ('EMAIL', 'lea@exemple.fr', 'Services en ligne de l''éducation nationale - activation du compte', 'C07',
             $2, $3, $1, 'SENT', now() + interval '1 hour'),
            ('SMS', '+33612345678', null, 'SMS_CODE', null, $4, $1 || '-sms', 'SENT', now() + interval '2 hours')`,
    // Stored as the outbox stores them: sealed (lib/messaging/message-body.ts).
    [
      key,
      sealBody('<html><head></head><body><p>Bonjour,</p><a href="http://localhost/activation">lien</a></body></html>'),
      sealBody('Bonjour'),
      sealBody('Votre code EduConnect : 123456'),
    ],
  );
  await c.end();
  await page.goto('/dev/boite-mail');
  const messages = page.getByTestId('message');
  await expect(messages.first()).toContainText('+33612345678');
  await expect(messages.first()).toContainText('Votre code EduConnect : 123456');
  await expect(messages.nth(1)).toContainText("Services en ligne de l'éducation nationale - activation du compte");
  await messages.nth(1).getByText('Afficher le message').click();
  await expect(page.frameLocator('iframe').first().getByRole('link', { name: 'lien' })).toHaveAttribute(
    'href',
    'http://localhost/activation',
  );
  await expectAccessible(page, { frames: false });
});

test('une adresse inconnue : page « Page introuvable » en français, dans le gabarit du site, avec un retour', async ({
  page,
}) => {
  const res = await page.goto('/cette-page-n-existe-pas');
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(page).toHaveTitle('Page introuvable - EduConnect');
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
  await page.getByRole('link', { name: "Page d'accueil" }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'EduConnect' })).toBeVisible();
  await page.goto('/cette-page-n-existe-pas');
  await expectAccessible(page);
});
