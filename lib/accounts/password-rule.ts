/**
 * Guide §1.3.4: a chosen password has 8 to 14 characters, letters and digits both required.
 * Pure, so that the form shows the rule checked as the guardian types it (the server checks again).
 */
export function passwordRuleChecks(p: string): { length: boolean; letter: boolean; digit: boolean } {
  return { length: p.length >= 8 && p.length <= 14, letter: /\p{L}/u.test(p), digit: /\d/.test(p) };
}

export function isAcceptableChosenPassword(p: string): boolean {
  const c = passwordRuleChecks(p);
  return c.length && c.letter && c.digit;
}

export const PASSWORD_RULE = 'Le mot de passe doit compter 8 à 14 caractères, avec des lettres et des chiffres.';
