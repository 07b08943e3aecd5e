import type { AccountOrigin, AccountState, Level } from '@/lib/generated/prisma/enums';

/** The guide's words for states (§1.3.5), origins (§1.3.4) and levels (§5.4). */
export const stateLabels: Record<AccountState, string> = {
  NON_NOTIFIE: 'Non notifié',
  NOTIFIE_NON_ACTIVE: 'Notifié et non activé',
  EN_COURS_ACTIVATION: "En cours d'activation",
  ACTIVE: 'Activé',
};

export const originLabels: Record<AccountOrigin, string> = {
  ETABLISSEMENT: 'Etablissement',
  RESPONSABLE: 'Responsable',
  FRANCECONNECT: 'FranceConnect',
  NON_RENSEIGNE: 'Non renseigné',
};

export const levelLabels: Record<Level, string> = {
  PS: 'Petite section',
  MS: 'Moyenne section',
  GS: 'Grande section',
  CP: 'Cours préparatoire',
  CE1: 'Cours élémentaire 1re année',
  CE2: 'Cours élémentaire 2e année',
  CM1: 'Cours moyen 1re année',
  CM2: 'Cours moyen 2e année',
};

export const levels: Level[] = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'];
