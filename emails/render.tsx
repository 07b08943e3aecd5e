import { render, toPlainText } from '@react-email/render';
import { SUBJECTS, type LetterInput } from '@/lib/accounts/letters';
import { ActivationEmail, type ActivationEmailInput } from './ActivationEmail';
import { LetterEmail } from './LetterEmail';
import { PortalEmail, type PortalEmailInput } from './PortalEmail';

export interface RenderedEmail {
  template: string;
  subject: string;
  html: string;
  text: string;
}

async function both(template: string, subject: string, element: React.ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  // The text version from the same markup, as render(…, { plainText: true }) makes it (without the
  // doctype it adds): React renders each e-mail once. Headings keep the guide's case (html-to-text
  // would shout them).
  const text = toPlainText(html.replace(/^<!DOCTYPE[^>]*>/, ''), {
    selectors: [{ selector: 'h1', options: { uppercase: false } }],
  });
  return { template, subject, html, text };
}

/** C02, C04 or C06 as HTML and plain text. */
export function renderLetterEmail(letter: LetterInput & { code: 'C02' | 'C04' | 'C06' }): Promise<RenderedEmail> {
  return both(letter.code, SUBJECTS[letter.code], <LetterEmail letter={letter} />);
}

/** C07 as HTML and plain text. */
export function renderActivationEmail(input: ActivationEmailInput): Promise<RenderedEmail> {
  return both('C07', SUBJECTS.C07, <ActivationEmail input={input} />);
}

/** A message of the portal (identifiant reminder, password link, new address link). */
export function renderPortalEmail(template: string, input: PortalEmailInput): Promise<RenderedEmail> {
  return both(template, input.subject, <PortalEmail input={input} />);
}
