import type { Metadata } from 'next';
import { publisher } from '@/lib/config/settings';
import { ContactLink } from '../_components/ContactLink';

export const metadata: Metadata = { title: "Déclaration d'accessibilité" };

/**
 * The accessibility statement that French public services publish (RGAA 4.1, décret n° 2019-768):
 * the footer's « Accessibilité : non conforme » leads here. « Non conforme » because no RGAA audit
 * has been made; what is checked, and what is known not to be accessible, is said.
 */
export default function AccessibilityStatement() {
  const p = publisher();
  return (
    // A text to read: lines of a readable length.
    <div className="max-w-3xl">
      <h1>Déclaration d&apos;accessibilité</h1>
      <p>
        {p.name} s&apos;engage à rendre ses services numériques accessibles, conformément à l&apos;article 47 de la loi
        n° 2005-102 du 11 février 2005. Cette déclaration d&apos;accessibilité s&apos;applique au service EduConnect :
        l&apos;espace des responsables d&apos;élèves et l&apos;administration des comptes des écoles.
      </p>

      <h2>État de conformité</h2>
      <p>
        Le service EduConnect est <strong>non conforme</strong> avec le référentiel général d&apos;amélioration de
        l&apos;accessibilité (RGAA) : aucun audit de conformité n&apos;a encore été réalisé.
      </p>

      <h2>Ce qui est vérifié</h2>
      <ul>
        <li>
          les écrans des parcours du responsable et du directeur sont contrôlés automatiquement, à chaque modification
          du service, avec axe-core sur les règles des niveaux A et AA des WCAG 2.1 : aucune erreur n&apos;est acceptée
          ;
        </li>
        <li>
          la connexion d&apos;un responsable et la notification d&apos;un compte par le directeur (recherche, sélection,
          menu, confirmation) sont parcourues au clavier seul dans ces contrôles ;
        </li>
        <li>les pages sont testées sur un écran de téléphone de 375 pixels de large.</li>
      </ul>

      <h2>Contenus non accessibles</h2>
      <ul>
        <li>
          Les documents PDF produits pour les écoles (feuilles individuelles des courriers, listes des comptes) ne sont
          pas balisés pour les technologies d&apos;assistance. Les mêmes informations existent sous une forme accessible
          : le courrier électronique envoyé au responsable, et la liste des comptes au format CSV.
        </li>
      </ul>

      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie le 3 décembre 2026.</p>
      <p>
        Technologies utilisées : HTML5, CSS, JavaScript, le Système de design de l&apos;État (DSFR). Environnement des
        tests : Chromium, sur ordinateur et en largeur de téléphone.
      </p>

      <h2>Retour d&apos;information et contact</h2>
      <p>
        Si vous n&apos;arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter {p.name} pour être
        orienté vers une alternative accessible ou obtenir le contenu sous une autre forme :{' '}
        <ContactLink value={p.contact} />.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un défaut d&apos;accessibilité qui vous empêche d&apos;accéder à un contenu ou à un
        service, et que vous n&apos;avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits
        :
      </p>
      <ul>
        <li>
          par le formulaire en ligne :{' '}
          <a href="https://formulaire.defenseurdesdroits.fr/" rel="noopener">
            formulaire.defenseurdesdroits.fr
          </a>{' '}
          ;
        </li>
        <li>
          auprès d&apos;un délégué de votre région :{' '}
          <a href="https://www.defenseurdesdroits.fr/saisir/delegues" rel="noopener">
            defenseurdesdroits.fr/saisir/delegues
          </a>{' '}
          ;
        </li>
        <li>par téléphone : 09 69 39 00 00 ;</li>
        <li>
          par courrier, gratuitement, sans affranchissement : Défenseur des droits, Libre réponse 71120, 75342 Paris
          CEDEX 07.
        </li>
      </ul>
    </div>
  );
}
