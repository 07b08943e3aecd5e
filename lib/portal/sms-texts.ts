/**
 * The words of every SMS the portal sends, in one place. Only GSM 03.38 characters (straight quotes,
 * no « » nor ’): a single other character sends the whole text in UCS-2, at 70 characters a segment
 * instead of 160 (lib/messaging/sms-segments.ts), and each segment is paid for. Each fits one segment
 * for an identifiant of up to 30 characters (tests/unit/sms-texts.test.ts).
 */

/**
 * The 6-digit code of the SMS signup, the FranceConnect linking and « Mot de passe oublié ? », valid
 * `minutes` (portal-flow.ts: SMS_CODE_TTL_MS).
 */
export const smsCodeText = (code: string, minutes: number) =>
  `EduConnect : votre code de confirmation est ${code}. Il est valable ${minutes} minutes. ` +
  'Ne le communiquez à personne.';

/** To someone who starts the SMS signup with accounts already activated (their identifiants). */
export const alreadyActivatedText = (identifiants: string[]) =>
  (identifiants.length > 1
    ? `EduConnect : vous avez déjà des comptes activés, identifiants ${identifiants.join(', ')}. `
    : `EduConnect : vous avez déjà un compte activé, identifiant ${identifiants[0]}. `) +
  'Mot de passe perdu : "Mot de passe oublié ?" sur la page de connexion.';

/** « Identifiant oublié ? » answered by SMS: every identifiant of that mobile. */
export const identifiantsText = (identifiants: string[]) =>
  identifiants.length > 1
    ? `EduConnect : vos identifiants sont ${identifiants.join(', ')}.`
    : `EduConnect : votre identifiant est ${identifiants[0]}.`;
