/**
 * The e-mails as a mail client receives them: composed into MIME by nodemailer (the SMTP
 * transport's composer), parsed back with mailparser — sender, subject, both parts, link.
 */
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { renderActivationEmail, renderLetterEmail, renderPortalEmail, type RenderedEmail } from '@/emails/render';
import { mailFrom } from '@/lib/messaging/transports';

async function received(mail: RenderedEmail) {
  const raw = await new MailComposer({
    from: mailFrom(),
    to: 'jean.dupont@exemple.fr',
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
  })
    .compile()
    .build();
  return simpleParser(raw);
}

const site = 'https://educonnect.exemple.fr';
/** A letter by e-mail (C02, C04 or C06) to Jean DUPONT, father of Léa. */
const letter = (code: 'C02' | 'C04' | 'C06') =>
  renderLetterEmail({
    code,
    recipient: { firstName: 'Jean', lastName: 'DUPONT' },
    schoolName: 'CHARLEMAGNE',
    children: [{ firstName: 'Léa', lastName: 'DUPONT' }],
    identifiant: 'celine.dupont114',
    password: 'BUNZ57DM',
    portalUrl: site,
    helpUrl: `${site}/aide`,
  });

describe('courriels reçus', () => {
  it('C02 : expéditeur « Administrateur des services en ligne », sujet du guide, HTML et texte', async () => {
    const parsed = await received(await letter('C02'));
    expect(parsed.from?.value[0].name).toBe('Administrateur des services en ligne');
    expect(parsed.subject).toBe('Mise à disposition de services en ligne pour suivre la scolarité de votre enfant');
    expect(parsed.text).toContain('Mot de passe * : BUNZ57DM');
    expect(parsed.html).toContain('BUNZ57DM');
    expect(parsed.html).toContain('href="https://educonnect.exemple.fr"');
    // The document is titled with its subject (what a screen reader announces first).
    expect(parsed.html).toContain(`<title>${parsed.subject}</title>`);
  });

  it('C07 : le lien d’activation est dans les deux parties', async () => {
    const link = 'https://educonnect.exemple.fr/activation/AbCdEfGhIjKlMnOpQrStUv';
    const parsed = await received(
      await renderActivationEmail({
        identifiant: 'celine.dupont114',
        link,
        helpUrl: 'https://educonnect.exemple.fr/aide',
        validDays: 7,
      }),
    );
    expect(parsed.subject).toBe("Services en ligne de l'éducation nationale - activation du compte");
    expect(parsed.text).toContain(
      "Vous souhaitez accéder aux services en ligne de l'éducation nationale avec l'identifiant celine.dupont114",
    );
    expect(parsed.text).toContain(`Valider mon adresse mail ${link}`);
    // The HTML has the button and the address written out; the text part says it once.
    expect(String(parsed.html).split(`href="${link}"`)).toHaveLength(3);
    expect(parsed.text!.split(link)).toHaveLength(2);
  });

  it('chaque lien du texte est bleu France et souligné ; le bouton, blanc sur bleu France', async () => {
    const mails = await Promise.all([
      letter('C06'),
      renderActivationEmail({
        identifiant: 'celine.dupont114',
        link: `${site}/activation/x`,
        helpUrl: `${site}/aide`,
        validDays: 7,
      }),
      renderPortalEmail('mot-de-passe-oublie', {
        subject: 'Réinitialisation de votre mot de passe',
        paragraphs: ['Vous avez demandé à changer votre mot de passe.'],
        link: { label: 'Choisir un nouveau mot de passe', href: `${site}/mot-de-passe-oublie/x` },
      }),
    ]);
    for (const mail of mails) {
      const links = [...mail.html.matchAll(/<a [^>]*style="([^"]*)"/g)].map((m) => m[1]);
      const [buttons, inText] = [
        links.filter((l) => l.includes('background-color')),
        links.filter((l) => !l.includes('background-color')),
      ];
      expect(inText.length, mail.template).toBeGreaterThan(0);
      for (const style of inText) expect(style, mail.template).toBe('color:#000091;text-decoration-line:underline');
      for (const style of buttons) expect(style, mail.template).toMatch(/background-color:#000091;color:#ffffff/);
    }
  });
});
