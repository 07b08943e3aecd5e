import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField, TextField } from '@/app/_components/fields';
import { requireFirstLogin } from '@/lib/auth/guards';
import { firstLoginScreen } from '@/lib/portal/first-login';
import { firstLogin } from '../../actions';

export const metadata: Metadata = { title: 'Première connexion' };

/** Guide §1.3.4 « Par une distribution de compte par le directeur »: the three things asked at the first login. */
export default async function FirstLogin() {
  const { account } = await requireFirstLogin();
  const screen = await firstLoginScreen(account.id);
  return (
    <>
      <h1>Première connexion</h1>
      <p>
        Bienvenue. Pour activer votre compte <strong>{screen.identifiant}</strong>, choisissez votre mot de passe,
        renseignez ou confirmez votre adresse de messagerie, et indiquez la date de naissance de votre enfant.
      </p>
      {screen.child ? (
        <ActionForm action={firstLogin}>
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">Votre nouveau mot de passe</legend>
            <div className="fr-fieldset__element">
              <PasswordField name="password" label="Nouveau mot de passe" rule autoComplete="new-password" />
            </div>
            <div className="fr-fieldset__element">
              <PasswordField
                name="confirmation"
                label="Confirmation du nouveau mot de passe"
                autoComplete="new-password"
              />
            </div>
          </fieldset>
          <TextField
            name="email"
            label="Adresse de messagerie"
            hint={
              "Un lien vous y sera envoyé pour terminer l'activation. Elle servira aussi à vous " +
              "renvoyer votre identifiant en cas d'oubli."
            }
            type="email"
            autoComplete="email"
            defaultValue={screen.email}
          />
          <TextField
            name="birthDate"
            label={`Date de naissance de ${screen.child.firstName} ${screen.child.lastName}`}
            hint="Pour des raisons de sécurité. Format : jj/mm/aaaa, par exemple 14/11/2018"
            inputMode="numeric"
            autoComplete="off"
          />
          <Button type="submit">Valider</Button>
        </ActionForm>
      ) : (
        <Alert
          severity="warning"
          title="Activation impossible pour le moment"
          description={
            "Aucun de vos enfants n'a de date de naissance connue de l'école : demandez au " +
            "directeur de l'école de la faire renseigner, puis reconnectez-vous."
          }
        />
      )}
    </>
  );
}
