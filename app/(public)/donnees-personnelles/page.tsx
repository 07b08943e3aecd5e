import type { Metadata } from 'next';
import { SESSION_IDLE_MS } from '@/lib/auth/guardian-sessions';
import { accountPurgeMonths, auditRetentionMonths, letterRetentionDays, publisher } from '@/lib/config/settings';
import { ContactLink } from '../_components/ContactLink';

export const metadata: Metadata = { title: 'Données personnelles' };

/**
 * What the service keeps about pupils, their guardians and the directors, why, who sees it, for how long,
 * and the rights of the people concerned (RGPD, articles 13 and 14). Each duration is the one the
 * service applies (docs/DECISIONS.md: purges, letters, portal's short-lived data).
 */
export default function PersonalData() {
  const p = publisher();
  const purgeMonths = accountPurgeMonths();
  return (
    // A text to read: lines of a readable length.
    <div className="max-w-3xl">
      <h1>Données personnelles</h1>
      <p>Le service EduConnect est édité par {p.name}, responsable du traitement des données décrites ici.</p>

      <h2>Pourquoi ces données</h2>
      <ul>
        <li>donner aux responsables légaux des élèves un compte d&apos;accès aux services en ligne des écoles ;</li>
        <li>permettre aux directeurs d&apos;école de remettre ces comptes et d&apos;en suivre l&apos;activation ;</li>
        <li>protéger les comptes : limiter les essais de connexion, garder la trace des actions sur chaque compte.</li>
      </ul>
      <p>
        Ce traitement relève de l&apos;exécution d&apos;une mission d&apos;intérêt public (article 6, paragraphe 1, e du
        règlement général sur la protection des données).
      </p>

      <h2>Quelles données, et d&apos;où elles viennent</h2>
      <ul>
        <li>
          <strong>De l&apos;annuaire académique</strong> (alimenté par ONDE, mis à jour chaque nuit) : pour les élèves,
          les nom, prénom, date de naissance, INE, école, classe et niveau ; pour leurs responsables, la civilité, les
          nom et prénom, l&apos;adresse de messagerie, le numéro de téléphone portable, l&apos;adresse postale et le
          lien avec chaque enfant ; pour les directeurs, les nom, prénom, adresse de messagerie et écoles dirigées.
        </li>
        <li>
          <strong>Du compte</strong> : l&apos;identifiant, le mot de passe provisoire (chiffré) tant qu&apos;il
          n&apos;est pas changé, le mot de passe choisi (sous une forme qui ne permet pas de le retrouver),
          l&apos;adresse de messagerie et le numéro de portable vérifiés, le lien avec FranceConnect, l&apos;état et
          l&apos;origine du compte, les dates de distribution et de dernier accès.
        </li>
        <li>
          <strong>De la sécurité</strong> : le journal des actions sur chaque compte (qui l&apos;a consulté, notifié,
          réinitialisé, exporté, qui s&apos;y est connecté, et quand), les sessions, les codes envoyés par SMS, et les
          compteurs d&apos;essais par identifiant et par adresse IP.
        </li>
      </ul>

      <h2>Qui les voit</h2>
      <ul>
        <li>
          le directeur d&apos;une école voit les comptes des responsables des élèves de son école, et seulement ceux-là
          ;
        </li>
        <li>chaque responsable voit son propre compte et ses enfants ;</li>
        <li>les agents chargés de l&apos;exploitation du service, pour le faire fonctionner ;</li>
        <li>
          les prestataires d&apos;envoi des courriels et des SMS, sous-traitants de l&apos;éditeur, pour les seuls
          messages qu&apos;ils acheminent ; FranceConnect, pour les responsables qui choisissent de s&apos;y connecter.
        </li>
      </ul>

      <h2>Combien de temps</h2>
      <ul>
        <li>
          les données de l&apos;annuaire suivent l&apos;annuaire : une fiche qui en sort est détachée de son école et
          n&apos;est plus visible d&apos;aucun directeur ; {purgeMonths} mois après, la fiche d&apos;un élève est
          supprimée, comme celle d&apos;un responsable qui n&apos;a plus de compte ; la fiche d&apos;un responsable est
          gardée tant que son compte existe (un compte activé retrouve ainsi l&apos;enfant s&apos;il revient) ; celle
          d&apos;un directeur parti, dès que plus aucune trace gardée ne le nomme ;
        </li>
        <li>
          un compte jamais activé est supprimé, avec ses messages, ses liens et ses sessions, {purgeMonths} mois après
          que tous ses responsables ont quitté l&apos;annuaire ; un compte activé est conservé : il appartient au
          responsable et sert à tous ses enfants ;
        </li>
        <li>
          les feuilles individuelles (PDF), qui portent des mots de passe provisoires, sont conservées chiffrées et
          effacées {letterRetentionDays()} jours après leur création ;
        </li>
        <li>
          le contenu d&apos;un courriel ou d&apos;un SMS, chiffré jusqu&apos;à son envoi, est effacé à l&apos;envoi ;
          les codes reçus par SMS, un jour après leur expiration ; une session, à sa fin (après
          {' ' + SESSION_IDLE_MS / 60_000} minutes sans activité pour un responsable) ;
        </li>
        <li>
          le journal des actions sur un compte est conservé {auditRetentionMonths()} mois, pour répondre à la question «
          qui a remis ce mot de passe ? » ; de même la trace des messages envoyés (destinataire, objet, date), celle des
          demandes de notification et l&apos;historique des imports de l&apos;annuaire.
        </li>
      </ul>

      <h2>Vos droits</h2>
      <p>
        Vous pouvez accéder aux données qui vous concernent et les faire rectifier. Les données de l&apos;annuaire se
        corrigent auprès de l&apos;école de votre enfant, qui les modifie dans ONDE : la correction arrive dans
        EduConnect le lendemain. L&apos;adresse de messagerie et le mot de passe de votre compte se modifient dans « Mon
        compte ». Vous pouvez aussi demander la limitation du traitement ou vous y opposer, dans les limites de la
        mission d&apos;intérêt public qu&apos;il sert.
      </p>
      <p>
        Pour exercer ces droits ou pour toute question, contactez le délégué à la protection des données :{' '}
        <ContactLink value={p.dpo} />. Si vous estimez, après l&apos;avoir contacté, que vos droits ne sont pas
        respectés, vous pouvez adresser une réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">cnil.fr</a>
        ).
      </p>

      <h2>Cookies</h2>
      <p>
        Le service n&apos;utilise que les cookies nécessaires à son fonctionnement (la session, l&apos;école choisie par
        le directeur, l&apos;étape d&apos;une création de compte en cours). Il ne contient aucun outil de mesure
        d&apos;audience ni cookie d&apos;un tiers : aucun consentement n&apos;est donc demandé.
      </p>
    </div>
  );
}
