import { z } from 'zod';
import { isAcceptableChosenPassword, PASSWORD_RULE } from '@/lib/accounts/password-rule';
import { calendarDay } from '@/lib/format';
import { normalizeMobile } from '@/lib/phone';

/** The portal's fields, each with the French message its form shows under it. */
export const identifiantField = z
  .string()
  .trim()
  .min(1, 'Saisissez votre identifiant.')
  .max(100, 'Identifiant trop long.');
export const passwordField = z.string().min(1, 'Saisissez votre mot de passe.').max(200, 'Mot de passe trop long.');
export const newPasswordField = z.string().refine(isAcceptableChosenPassword, PASSWORD_RULE);
export const emailField = z
  .string()
  .trim()
  .max(254, 'Adresse électronique trop longue.')
  .pipe(z.email('Saisissez une adresse électronique valide, par exemple nom@exemple.fr.'));
/**
 * A birth date as a French parent writes it, jj/mm/aaaa (the field is a text field: a browser's date
 * field shows its own language's order, mm/dd/yyyy on a phone set to English, under a hint that says
 * jj/mm/aaaa). Slashes, dots, dashes or spaces between the parts, or none (14112018: a phone's digit
 * keypad has no slash); the ISO form a date field used to send is still read. A date that does not
 * exist is refused here, before it is compared with the directory (where a mismatch counts as a
 * failed try). Gives `AAAA-MM-JJ`.
 */
export const birthDateField = z.string().transform((value, ctx) => {
  const v = value.trim();
  const french = /^(\d{1,2})[/. -](\d{1,2})[/. -](\d{4})$/.exec(v) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(v);
  const isoTyped = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const [day, month, year] = french
    ? [Number(french[1]), Number(french[2]), Number(french[3])]
    : isoTyped
      ? [Number(isoTyped[3]), Number(isoTyped[2]), Number(isoTyped[1])]
      : [0, 0, 0];
  const iso = year >= 1900 ? calendarDay(year, month, day) : null;
  if (iso) return iso;
  ctx.addIssue({
    code: 'custom',
    message: !year
      ? 'Saisissez la date de naissance au format jj/mm/aaaa, par exemple 14/11/2018.'
      : "Cette date n'existe pas : vérifiez le jour, le mois et l'année (jj/mm/aaaa).",
  });
  return z.NEVER;
});
export const mobileField = z.string().transform((v, ctx) => {
  const mobile = normalizeMobile(v);
  if (!mobile) {
    ctx.addIssue({
      code: 'custom',
      message: 'Saisissez un numéro de téléphone portable valide, par exemple 06 12 34 56 78.',
    });
    return z.NEVER;
  }
  return mobile;
});
export const codeField = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Le code reçu par SMS compte 6 chiffres.');
export const nameField = (what: string) => z.string().trim().min(1, `Saisissez votre ${what}.`).max(100, 'Trop long.');

/** A new password typed twice. */
export const newPasswordPair = {
  password: newPasswordField,
  confirmation: z.string(),
};
export const samePasswords = (v: { password: string; confirmation: string }, ctx: z.RefinementCtx) => {
  if (v.password !== v.confirmation) {
    ctx.addIssue({ code: 'custom', path: ['confirmation'], message: 'Les deux mots de passe saisis sont différents.' });
  }
};
