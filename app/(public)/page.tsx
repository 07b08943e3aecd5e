import { Card } from '@codegouvfr/react-dsfr/Card';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { isDemo } from '@/lib/config/settings';

export const dynamic = 'force-dynamic';

export default function HomePage() {
  const demo = isDemo();
  return (
    <>
      <h1>EduConnect</h1>
      <p className="fr-text--lead">
        Un compte unique pour accéder aux services en ligne des écoles et établissements, pour tous les enfants de la
        fratrie.
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        <Card
          title="Espace directeur d'école"
          desc={
            "Administration des comptes des responsables d'élèves : notification, listes, " +
            'réinitialisation des mots de passe et statistiques.'
          }
          linkProps={{ href: '/admin' }}
          enlargeLink
          titleAs="h2"
        />
        <Card
          title="Espace responsable d'élève"
          desc={
            "Activer votre compte avec le courrier remis par l'école, par SMS ou avec FranceConnect, " +
            'puis gérer votre compte.'
          }
          linkProps={{ href: '/connexion' }}
          enlargeLink
          titleAs="h2"
        />
      </div>
      {demo && (
        <CallOut title="Mode démonstration" titleAs="h2" className="fr-mt-6w">
          Les courriers électroniques et SMS envoyés par le service sont visibles dans la{' '}
          <a href="/dev/boite-mail">boîte mail de démonstration</a>. Les connexions passent par un fournisseur
          d&apos;identité local de test.
        </CallOut>
      )}
    </>
  );
}
