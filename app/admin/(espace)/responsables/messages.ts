/** The guide's sentences for the actions of « Responsables » and of the account page (§5.3–§5.6), word for word. */
export type ChannelValue = 'PAPER' | 'EMAIL';

const by = (channel: ChannelValue) => (channel === 'PAPER' ? 'par feuille individuelle' : 'par email');

export const MESSAGES = {
  confirmNotify: (single: boolean, channel: ChannelValue) =>
    `Êtes-vous sûr de vouloir notifier ${single ? 'le compte' : 'le(s) compte(s)'} (${by(channel)}) ?`,
  resetWarning: (single: boolean) =>
    "Avertissement : si vous avez coché l'option 'Avec réinitialisation du mot de passe', un nouveau mot de passe " +
    `provisoire sera attribué ${single ? 'au responsable' : 'aux responsables ayant déjà activé leur compte'}.`,
  distributedMany: 'La distribution a été effectuée avec succès pour le(s) compte(s) sélectionné(s)',
  distributedOne: 'La distribution a été effectuée avec succès.',
  download: 'Télécharger le courrier au format PDF',
  // Not in the guide: a batch an operator gave up (`npm run cli -- jobs annuler`), DECISIONS.md.
  batchFailed: (channel: ChannelValue) =>
    channel === 'PAPER'
      ? "La préparation des courriers n'a pas abouti. Les comptes sont notifiés, mais leurs courriers n'ont " +
        'pas été produits : notifiez-les de nouveau pour obtenir le courrier au format PDF.'
      : "L'envoi des courriels n'a pas abouti pour tous les comptes. Notifiez de nouveau les comptes concernés.",
  notResetWarning:
    "Avertissement : les mots de passe des comptes qui n'étaient pas encore notifiés n'ont pas été mis à jour.",
  withoutEmailMany: (n: number) =>
    "Aucune adresse mail n'étant renseignée, la distribution par mail est impossible pour le(s) responsable(s) " +
    `suivant(s) (total : ${n} compte(s)) :`,
  withoutEmailManyHint:
    "Vous devrez notifier ces comptes par feuilles individuelles tant que l'adresse mail du responsable ne sera pas " +
    'connue dans EduConnect.',
  withoutEmailOne: "Aucune adresse mail n'étant renseignée, la distribution par mail est impossible.",
  withoutEmailOneHint:
    "Vous devrez notifier ce compte par feuille individuelle tant que l'adresse mail du responsable ne sera " +
    'pas connue.',
  // Not in the guide: its own sentences, for an address the parent's mail server refused (a bounce).
  addressRefusedMany: (n: number) =>
    "L'adresse mail de ces responsables ayant été refusée par leur serveur de messagerie, la distribution par " +
    `mail est impossible pour le(s) responsable(s) suivant(s) (total : ${n} compte(s)) :`,
  addressRefusedManyHint:
    "Vous devrez notifier ces comptes par feuilles individuelles tant que l'adresse mail du responsable n'aura pas " +
    "été corrigée dans ONDE (elle l'est dans EduConnect le lendemain matin).",
  addressRefusedOneHint:
    "Vous devrez notifier ce compte par feuille individuelle tant que l'adresse mail du responsable n'aura pas " +
    'été corrigée dans ONDE.',
  confirmResetMany: 'Étes-vous sûr de vouloir réinitialiser le(s) compte(s) ?',
  confirmResetOne: 'Êtes-vous sûr de vouloir réinitialiser le mot de passe du compte ?',
  resetMany: 'Le mot de passe a bien été réinitialisé pour les responsable(s) sélectionné(s).',
  resetOne: 'Le mot de passe a bien été réinitialisé.',
  checkEmail: "Vérification de l'adresse mail",
  resent: 'Le mail a été renvoyé.',
  selectFirst: 'Vous devez sélectionner un ou plusieurs comptes.',
} as const;
