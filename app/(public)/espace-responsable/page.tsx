import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Espace responsable' };

/** Guide §1.3.4: the three ways a guardian reaches the online services. */
export default function GuardianSpace() {
  return (
    <>
      <h1>Espace responsable d&apos;élève</h1>
      <p className="fr-text--lead">
        Un compte EduConnect donne accès aux services en ligne des écoles pour tous vos enfants.
      </p>
      <p>
        <a className="fr-link" href="/connexion">
          Se connecter aux services en ligne
        </a>
      </p>
      <h2>Obtenir et activer votre compte</h2>
      <div className="grid gap-6 md:grid-cols-3">
        <section className="fr-card fr-p-3w" aria-labelledby="voie-courrier">
          <h3 id="voie-courrier" className="fr-h5">
            Avec le courrier de l&apos;école
          </h3>
          <p>
            Le directeur d&apos;école vous remet vos identifiants par feuille individuelle ou par courrier électronique.
            Lors de la première connexion, vous choisissez un mot de passe (8 à 14 caractères, chiffres et lettres
            obligatoires), vous confirmez votre adresse de messagerie et la date de naissance d&apos;un de vos enfants,
            puis vous cliquez sur le lien reçu par courriel.
          </p>
        </section>
        <section className="fr-card fr-p-3w" aria-labelledby="voie-sms">
          <h3 id="voie-sms" className="fr-h5">
            Par SMS
          </h3>
          <p>
            Vous créez vous-même votre compte avec vos nom, prénom et le numéro de téléphone portable donné à
            l&apos;école, puis un code reçu par SMS et les dates de naissance de vos enfants.
          </p>
        </section>
        <section className="fr-card fr-p-3w" aria-labelledby="voie-fc">
          <h3 id="voie-fc" className="fr-h5">
            Avec FranceConnect
          </h3>
          <p>
            Vous vous identifiez avec un compte que vous possédez déjà (impots.gouv.fr, ameli.fr…), puis vous confirmez
            votre numéro de téléphone portable par un code reçu par SMS et les dates de naissance de vos enfants.
          </p>
        </section>
      </div>
      <h2 className="fr-mt-6w">En cas de difficulté</h2>
      <p>
        Si votre numéro de mobile, votre adresse de messagerie ou la date de naissance de votre enfant ne sont pas
        reconnus, adressez-vous au directeur de l&apos;école : il les fera corriger, et la correction sera prise en
        compte le lendemain.
      </p>
    </>
  );
}
