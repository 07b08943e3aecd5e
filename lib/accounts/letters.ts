/**
 * The letters of annexe A1, once: which one a notification sends (table A1.1 and DESIGN.md §5),
 * and their words, as blocks that the paper letters (letters/, react-pdf) and the e-mails
 * (emails/, react-email) both draw. Pure: no database, no React.
 */
import type { AccountState } from '@/lib/generated/prisma/enums';

/** Guide §1.3.5 and DESIGN.md §6: a provisional password (letter or reset) is refused after 3 months. */
export const LETTER_VALIDITY_MS = 92 * 86_400_000;

export type Channel = 'papier' | 'courriel';
export type PaperLetter = 'C01' | 'C03' | 'C05';
export type EmailLetter = 'C02' | 'C04' | 'C06';
export type LetterCode = PaperLetter | EmailLetter;

/**
 * Table A1.1. Not yet notified or notified but not activated: C01/C02, with or without reset.
 * Being activated or activated: C03/C04 without reset, C05/C06 with one. DESIGN.md §5: an
 * account whose provisional password was reset and never changed gets C05/C06 even without a
 * new reset — its letter must carry that password, never « Votre mot de passe est inchangé. ».
 */
export function chooseLetter({
  state,
  channel,
  reset,
  provisionalPending,
}: {
  state: AccountState;
  channel: Channel;
  reset: boolean;
  /** The account holds a provisional password the guardian has not changed yet. */
  provisionalPending: boolean;
}): LetterCode {
  const paper = channel === 'papier';
  if (state === 'NON_NOTIFIE' || state === 'NOTIFIE_NON_ACTIVE') return paper ? 'C01' : 'C02';
  if (reset || provisionalPending) return paper ? 'C05' : 'C06';
  return paper ? 'C03' : 'C04';
}

/** Whether the letter carries the provisional password (all but « Votre mot de passe est inchangé. »). */
export const carriesPassword = (code: LetterCode) => code !== 'C03' && code !== 'C04';

export const SENDER_NAME = 'Administrateur des services en ligne';

/** The subjects of annexe A1 (C07: the activation e-mail). */
export const SUBJECTS: Record<EmailLetter | 'C07', string> = {
  C02: 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant',
  C04: 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant',
  C06: "Services en ligne de l'éducation nationale - demande de changement de mot de passe",
  C07: "Services en ligne de l'éducation nationale - activation du compte",
};

export interface LetterInput {
  code: LetterCode;
  /** « A l'attention de Prénom NOM. » (paper letters only). */
  recipient: { firstName: string; lastName: string };
  schoolName: string;
  /** Every child of the account, « Prénom NOM ». */
  children: { firstName: string; lastName: string }[];
  identifiant: string;
  /** The provisional password, for the letters that carry one. */
  password: string | null;
  /** The portal's address (AUTH_URL). */
  portalUrl: string;
  /** Where to find help (« En cas de problème… »). */
  helpUrl: string;
}

/** One piece of a letter, in reading order. */
export type Block =
  | { kind: 'attention'; text: string }
  | { kind: 'title'; text: string }
  | { kind: 'text'; text: string; url?: string }
  | { kind: 'children'; names: string[]; colon: boolean }
  | { kind: 'credentials'; identifiant: string; password: string | null; footnote: string | null }
  | { kind: 'reminder'; identifiant: string }
  | { kind: 'signature' }
  | { kind: 'rule' }
  | { kind: 'activation'; lines: string[] }
  | { kind: 'help'; url: string };

const TITLE_NOTIFY = 'Mise à disposition de services en ligne pour suivre la scolarité de votre enfant';
const TITLE_RESET = 'Demande de changement de mot de passe pour les services en ligne';

/** The blocks of a letter or e-mail, with the words of annexe A1. */
export function letterBlocks(l: LetterInput): Block[] {
  const paper = l.code === 'C01' || l.code === 'C03' || l.code === 'C05';
  const names = l.children.map((c) => `${c.firstName} ${c.lastName}`);
  const head: Block[] = paper
    ? [{ kind: 'attention', text: `A l'attention de ${l.recipient.firstName} ${l.recipient.lastName}.` }]
    : [];
  const help: Block = { kind: 'help', url: l.helpUrl };
  switch (l.code) {
    case 'C01':
    case 'C02':
      return [
        ...head,
        ...(paper ? [{ kind: 'title', text: TITLE_NOTIFY } as Block] : []),
        {
          kind: 'text',
          text:
            `L'école ${l.schoolName} met à la disposition des parents d'élèves un ensemble de services ` +
            `pédagogiques et administratifs, accessibles à l'adresse internet suivante :`,
          url: l.portalUrl,
        },
        { kind: 'text', text: "En ce qui concerne votre compte d'accès :" },
        {
          kind: 'text',
          text:
            "Vous trouverez ci-dessous l'identifiant et le mot de passe de votre compte internet pour " +
            'accéder aux services proposés pour',
        },
        { kind: 'children', names, colon: true },
        {
          kind: 'credentials',
          identifiant: l.identifiant,
          password: l.password,
          footnote: '* Mot de passe provisoire, à modifier lors de la première connexion',
        },
        { kind: 'signature' },
        { kind: 'rule' },
        {
          kind: 'activation',
          lines: [
            'Activez votre compte responsable en 2 étapes :',
            'Pour accéder aux services une adresse de messagerie est indispensable.',
            'Etape 1 : à la première connexion, vous devrez saisir le mot de passe provisoire ci-dessus, et ' +
              'vérifier votre adresse de messagerie.',
            "Etape 2 : un courriel contenant un lien d'activation vous sera envoyé, sur lequel il faut " +
              "absolument cliquer afin d'activer votre compte.",
            `NB: Si vous ne recevez pas de courriel, vérifiez qu'il n'a pas été classé comme "spam" ou ` +
              `connectez-vous à nouveau pour modifier votre adresse de messagerie.`,
          ],
        },
        help,
      ];
    case 'C03':
    case 'C04':
      return [
        ...head,
        ...(paper ? [{ kind: 'title', text: TITLE_NOTIFY } as Block] : []),
        { kind: 'text', text: "Votre compte d'accès aux services pédagogiques et administratifs proposés pour" },
        { kind: 'children', names, colon: false },
        { kind: 'text', text: 'est toujours valide.' },
        { kind: 'reminder', identifiant: l.identifiant },
        { kind: 'text', text: 'Votre mot de passe est inchangé.' },
        {
          kind: 'text',
          text: "Pour accéder à vos services, il suffit de vous connecter à l'adresse internet suivante :",
          url: l.portalUrl,
        },
        { kind: 'signature' },
        { kind: 'rule' },
        help,
      ];
    case 'C05':
    case 'C06':
      return [
        ...head,
        { kind: 'title', text: TITLE_RESET },
        {
          kind: 'text',
          text:
            `Vous avez demandé auprès de l'école ${l.schoolName} un changement de mot de passe pour ` +
            `accéder aux services pédagogiques et administratifs, accessibles à l'adresse internet suivante :`,
          url: l.portalUrl,
        },
        { kind: 'text', text: "En ce qui concerne votre compte d'accès :" },
        {
          kind: 'text',
          text:
            "Vous trouverez ci-dessous l'identifiant et le nouveau mot de passe provisoire de votre " +
            'compte internet pour accéder aux services proposés pour',
        },
        { kind: 'children', names, colon: true },
        {
          kind: 'credentials',
          identifiant: l.identifiant,
          password: l.password,
          footnote: '* Mot de passe provisoire, à modifier lors de la prochaine connexion',
        },
        { kind: 'signature' },
        { kind: 'rule' },
        help,
      ];
  }
}

export const HELP_TEXT = 'En cas de problème, vous trouverez toutes les informations nécessaires à cette adresse :';
export const SIGNATURE = "Le directeur d'école.";
