import 'server-only';
import { db } from '@/lib/db';

/**
 * An account's history, answering « who saw which password » (issue « Hardening », item 5): the
 * account page's « Historique » and `npm run cli -- audit --account IDENTIFIANT` read it here.
 */

/** Each action of the audit trail in the words a director reads. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'compte.consulte': 'Compte consulté (mot de passe provisoire affiché)',
  'compte.notifie': 'Compte notifié',
  'compte.reinitialise': 'Mot de passe réinitialisé',
  'liste.exportee': 'Compte inclus dans une liste exportée',
  'courrier.telecharge': 'Courrier téléchargé (PDF)',
  'activation.renvoyee': "Mail d'activation renvoyé",
  'compte.premiere-connexion': 'Première connexion avec le courrier',
  'compte.active': 'Compte activé (lien du mail)',
  'compte.mot-de-passe-choisi': 'Mot de passe choisi',
  'compte.mot-de-passe-modifie': 'Mot de passe modifié',
  'compte.mot-de-passe-recupere': 'Mot de passe oublié : nouveau mot de passe choisi',
  'compte.adresse-modifiee': 'Adresse mail modifiée',
  'compte.regroupe': 'Comptes regroupés',
  'portail.connexion': 'Connexion au portail',
  'portail.connexion-franceconnect': 'Connexion avec FranceConnect',
  'acces.refuse': 'Accès refusé (compte ou ligne hors des écoles du directeur)',
  'courriel.refuse': 'Courriel non remis : adresse refusée par le serveur de messagerie',
  'sms.refuse': 'SMS non remis : numéro refusé par la passerelle SMS',
};

export interface HistoryEntry {
  at: Date;
  action: string;
  label: string;
  /** Who: « Prénom NOM (directeur, UAI) », « Le responsable », « Exploitation », « Le service ». */
  by: string;
}

/** The account's events, newest first (at most `limit`), each with who did it. */
export async function accountHistory(accountId: number, limit = 200): Promise<HistoryEntry[]> {
  const rows = await db.$queryRaw<
    {
      at: Date;
      action: string;
      actorType: string;
      actorId: string | null;
      details: { motDePasseAffiche?: boolean } | null;
      first: string | null;
      last: string | null;
      uai: string | null;
    }[]
  >`
    select e.at, e.action, e.actor_type as "actorType", e.actor_id as "actorId", e.details,
           a.first_name as first, a.last_name as last, s.uai
      from audit_event e
      left join agent a on e.actor_type = 'AGENT' and a.id::text = e.actor_id
      left join school s on s.id = e.school_id
     where e.account_id = ${accountId}
     order by e.at desc, e.id desc limit ${limit}`;
  return rows.map((r) => ({
    at: r.at,
    action: r.action,
    // A view recorded before 3 December 2026 does not say whether it showed a password: it may have.
    label:
      r.action === 'compte.consulte' && r.details?.motDePasseAffiche === false
        ? 'Compte consulté (aucun mot de passe affiché)'
        : (AUDIT_ACTION_LABELS[r.action] ?? r.action),
    by:
      r.actorType === 'AGENT'
        ? `${r.first ?? ''} ${r.last ?? ''}`.trim() + ` (directeur${r.uai ? `, ${r.uai}` : ''})`
        : r.actorType === 'GUARDIAN'
          ? 'Le responsable'
          : r.actorId === 'cli'
            ? 'Exploitation (ligne de commande)'
            : 'Le service',
  }));
}
