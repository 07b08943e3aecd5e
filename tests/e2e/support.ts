import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Automated accessibility check (WCAG 2.1 A and AA rules of axe-core): no violation allowed.
 * `frames: false` takes the page's frames out before the check: the dev outbox shows e-mails in
 * sandboxed frames that run no script, which axe cannot enter (it waits until the test times out);
 * the e-mails are checked on their own. The check waits for the page's title (see below).
 * A page without frames is checked by axe in the page itself (`setLegacyMode`): otherwise
 * @axe-core/playwright opens a blank page for every check to put the frames' results together —
 * 1.1 s a check instead of 0.5 s on these machines, for some fifty checks in the suite. A page with
 * frames keeps that way, the only one that enters them (the other skipped a frame's image without
 * text alternative in a trial).
 */
export async function expectAccessible(page: Page, { frames = true }: { frames?: boolean } = {}) {
  // After a client-side navigation Next streams the new page's metadata: for a moment the document
  // has no <title> (the old one is gone, the new one not yet in). Check the page once it has settled;
  // a page without a title still fails, here or in axe's « document-title » rule.
  await expect(page, 'la page n’a pas de titre').toHaveTitle(/\S/);
  // A title says each thing once: the page, its area, the service (« … - EduConnect - EduConnect » was
  // once on most of the portal's pages).
  const parts = (await page.title()).split(' - ');
  expect(new Set(parts).size, `le titre répète une de ses parties : « ${parts.join(' - ')} »`).toBe(parts.length);
  // Each id once (RGAA 8.2; axe no longer checks it): a label, a skip link or an ARIA reference points to one
  // element. The header's quick access is drawn twice, each copy with its own ids.
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  expect(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    'des identifiants en double',
  ).toEqual([]);
  // The DSFR's script, once started, takes the label off the header's menu on a wide screen, where
  // the menu is a plain block (on a phone it is a closed, hidden modal). Until then the served markup
  // shows that block with a label that axe flags when it runs first (seen once in a fast run): check
  // the page once the DSFR has set its header up.
  await page.waitForFunction(
    () => {
      const menu = document.querySelector('.fr-header__menu.fr-modal');
      const shown = menu?.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      return !shown || menu!.hasAttribute('role') || !menu!.hasAttribute('aria-labelledby');
    },
    undefined,
    { timeout: 10_000 },
  );
  if (!frames) await page.evaluate(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(page.frames().length === 1)
    .analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}) : ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
  expect(summary, 'violations d’accessibilité').toEqual([]);
}

/** Signs in as `email` through the agents' portal stand-in, as a person would. */
export async function signInAsAgent(page: Page, email: string) {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/connexion/);
  await page.getByRole('button', { name: 'Se connecter avec le portail des agents' }).click();
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

export { createDirector, createFamily, createSchool, withDb } from '@/tests/support/factories';
