/**
 * The one error type of the domain (DESIGN.md §11): a `DomainError` carries a code, and this
 * table turns each code into the sentence the person reads — the guide's exact words where it
 * has some. Screens show `error.message`; the CLI prints it; jobs fail with it. Anything that
 * is not a DomainError is a fault of the machine, not of the request, and is reported as such.
 */

type Place = { file?: string; line?: number };

const MESSAGES = {
  /** A page or action of the director's area needs the school chosen on « Accueil » (guide §4.1). */
  SCHOOL_NOT_CHOSEN: () => "Choisissez d'abord l'école à administrer sur la page « Accueil ».",
  /** Missing, merged, or not a guardian of the chosen school: the same answer, nothing revealed. */
  ACCOUNT_NOT_FOUND: () => "Ce compte est introuvable parmi les comptes des responsables de l'école.",
  /** Guide §5.4: « Vous devez sélectionner un ou plusieurs comptes. » */
  SELECTION_EMPTY: () => 'Vous devez sélectionner un ou plusieurs comptes.',
  /** « Lister les comptes » as a PDF, past LIST_PDF_MAX_ROWS (lib/accounts/account-list.ts). */
  LIST_PDF_TOO_LONG: (p: { max: number }) =>
    `Une liste au format PDF compte au plus ${p.max} lignes : sélectionnez moins de responsables, ` +
    'ou demandez la liste au format CSV.',
  UNKNOWN_SCHOOL: (p: { uai: string }) => `École inconnue : ${p.uai}.`,
  /** Guide §5.3.2, a single account notified by e-mail without an address. */
  NO_EMAIL_FOR_ACCOUNT: () => "Aucune adresse mail n'étant renseignée, la distribution par mail est impossible.",
  /** Like NO_EMAIL_FOR_ACCOUNT: the address refused the last e-mail sent to it (a bounce, DECISIONS.md). */
  EMAIL_REFUSED_FOR_ACCOUNT: () =>
    "L'adresse mail du responsable ayant été refusée par son serveur de messagerie, la distribution par mail est " +
    'impossible.',
  /** Guide §5.6: only an account « En cours d'activation » gets its activation e-mail again. */
  ACTIVATION_NOT_PENDING: () =>
    "Le courriel d'activation ne peut être renvoyé que pour un compte « En cours d'activation ».",
  /** Guide §5.5: the reset is not offered for an account « Non notifié ». */
  /** The portal: the link of an earlier activation e-mail was followed meanwhile. */
  ALREADY_ACTIVATED: () =>
    'Votre compte est déjà activé : connectez-vous avec votre identifiant et le mot de passe que vous avez choisi.',
  RESET_NOT_ALLOWED: () =>
    "Le mot de passe d'un compte « Non notifié » ne peut pas être réinitialisé : notifiez d'abord le compte.",
  ACTIVATION_LINK_INVALID: () =>
    "Ce lien d'activation n'est plus valable : il a déjà servi, un lien plus récent l'a remplacé, ou il a expiré.",
  LETTERS_NOT_FOUND: () => "Ce courrier n'existe pas, n'est pas celui de votre école, ou a été effacé après son délai.",
  /** The portal (guide §1.3.4): the same answer for an unknown identifiant and a wrong password. */
  SIGN_IN_FAILED: () =>
    "L'identifiant ou le mot de passe est incorrect. Vérifiez-les sur le courrier de l'école, ou utilisez " +
    '« Identifiant oublié ? » ou « Mot de passe oublié ? ».',
  ACCOUNT_LOCKED: () =>
    'Après 10 essais infructueux, la connexion à ce compte est bloquée. Pour la débloquer, choisissez un nouveau ' +
    "mot de passe avec « Mot de passe oublié ? » ; si votre compte n'est pas encore activé, demandez un nouveau " +
    "courrier au directeur de l'école.",
  SIGN_IN_WAIT: (p: { seconds: number }) =>
    `Plusieurs essais ont échoué : patientez ${p.seconds} seconde${p.seconds > 1 ? 's' : ''} avant de réessayer.`,
  TOO_MANY_ATTEMPTS: (p: { minutes: number }) =>
    `Trop de demandes ont été faites depuis votre connexion internet : réessayez dans ${p.minutes} minute` +
    `${p.minutes > 1 ? 's' : ''}.`,
  /** DESIGN.md §6: a letter's provisional password is refused after 3 months. */
  LETTER_EXPIRED: () =>
    "Le mot de passe provisoire de votre courrier n'est plus valable : le courrier date de plus de 3 mois. " +
    "Demandez un nouveau courrier au directeur de l'école.",
  /** A wrong child's birth date during an activation: which answer was wrong is not said. */
  ACTIVATION_CHECK_FAILED: () =>
    "Les informations saisies ne permettent pas d'activer votre compte. Vérifiez-les et réessayez. Si la date de " +
    "naissance de votre enfant est juste mais refusée, demandez au directeur de l'école de la faire corriger.",
  SESSION_EXPIRED: () => 'Votre session a expiré ou a été fermée : reconnectez-vous.',
  FLOW_EXPIRED: () => 'Votre démarche a expiré (30 minutes sans la terminer) : recommencez depuis le début.',
  SMS_CODE_INVALID: () =>
    "Ce code n'est pas le bon ou il a expiré (10 minutes). Vérifiez le SMS reçu, ou demandez un nouveau code.",
  SMS_CODE_EXHAUSTED: () => 'Ce code a été saisi 5 fois sans succès : demandez un nouveau code.',
  SMS_NOT_SENT: () =>
    'Trop de codes ont été demandés pour ce numéro ou depuis votre connexion internet : réessayez dans une heure.',
  CHILDREN_NOT_CONFIRMED: () =>
    "Les dates de naissance saisies ne permettent pas de rattacher d'enfant à votre compte. Vérifiez-les et " +
    "réessayez. Si une date est juste mais refusée, demandez au directeur de l'école de la faire corriger.",
  EMAIL_LINK_INVALID: () =>
    "Ce lien n'est plus valable : il a déjà servi, un lien plus récent l'a remplacé, ou il a expiré. " +
    'Faites une nouvelle demande.',
  CURRENT_PASSWORD_WRONG: () => 'Votre mot de passe actuel est incorrect.',
  MERGE_SAME_ACCOUNT: () => 'Ce compte est celui avec lequel vous êtes connecté : indiquez celui de l’autre compte.',
  FRANCECONNECT_FAILED: () =>
    "La connexion avec FranceConnect n'a pas abouti. Réessayez, ou connectez-vous avec votre identifiant.",
  FRANCECONNECT_NOT_CONFIGURED: () => "La connexion avec FranceConnect n'est pas disponible sur ce service.",
  /** An AAF export the importer refuses: the file, the line and the problem. */
  IMPORT_REFUSED: (p: { problem: string } & Place) =>
    p.file ? `${p.file}${p.line ? `, ligne ${p.line}` : ''} : ${p.problem}` : p.problem,
  CONFIGURATION_INVALID: (p: { problem: string }) => p.problem,
  TRANSPORT_NOT_CONFIGURED: (p: { channel: 'courriel' | 'sms' }) =>
    p.channel === 'courriel'
      ? "Aucun transport de courriel n'est configuré (RESEND_API_KEY ou SMTP_URL)."
      : "Aucune passerelle SMS n'est configurée (SMS_GATEWAY_URL).",
  DEMO_ONLY: () => 'La boîte mail de démonstration est désactivée hors du mode démonstration.',
  UNKNOWN_ACCOUNT: (p: { identifiant: string }) => `Aucun compte n'a l'identifiant « ${p.identifiant} ».`,
  UNKNOWN_JOB: (p: { id: string }) => `Aucune tâche n°${p.id} dans la file.`,
  JOB_NOT_FAILED: (p: { id: string; why: 'locked' | 'not-failed' }) =>
    p.why === 'locked'
      ? `La tâche n°${p.id} est en cours d'exécution : elle ne peut être ni relancée ni annulée.`
      : `La tâche n°${p.id} n'est pas en échec : seule une tâche en échec se relance ou s'annule.`,
  /** An operator's command line that cannot be understood. */
  CLI_USAGE: (p: { problem: string }) => p.problem,
} satisfies Record<string, (params: never) => string>;

export type DomainErrorCode = keyof typeof MESSAGES;
type ParamsOf<C extends DomainErrorCode> = Parameters<(typeof MESSAGES)[C]>;

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly code: C;
  readonly params: ParamsOf<C>[0];

  constructor(code: C, ...params: ParamsOf<C>) {
    super((MESSAGES[code] as (...p: ParamsOf<C>) => string)(...params));
    this.name = 'DomainError';
    this.code = code;
    this.params = params[0];
  }
}

export function isDomainError<C extends DomainErrorCode>(e: unknown, code?: C): e is DomainError<C> {
  return e instanceof DomainError && (code === undefined || e.code === code);
}

/** The sentence for a code, for screens that show it without an error (an empty state, say). */
export function domainMessage<C extends DomainErrorCode>(code: C, ...params: ParamsOf<C>): string {
  return (MESSAGES[code] as (...p: ParamsOf<C>) => string)(...params);
}
