import { z } from 'zod';
import { isAcceptableChosenPassword, PASSWORD_RULE } from '@/lib/accounts/password-rule';
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
export const birthDateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez la date de naissance complète (jour, mois, année).');
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
