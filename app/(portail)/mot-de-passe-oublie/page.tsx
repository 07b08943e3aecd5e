import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { TextField } from '@/app/_components/fields';
import { forgotPassword } from '../actions';

export const metadata: Metadata = { title: 'Mot de passe oublié - EduConnect' };

/** Guide §1.3.3: accounts « Activé » choose a new password themselves, through a link. */
export default function ForgotPassword() {
  return (
    <>
      <h1>Mot de passe oublié</h1>
      <p>
        Saisissez votre identifiant : un lien pour choisir un nouveau mot de passe sera envoyé à l&apos;adresse de
        messagerie validée de votre compte. Si votre compte n&apos;est pas encore activé, utilisez le mot de passe
        provisoire du courrier de l&apos;école, ou demandez un nouveau courrier au directeur de l&apos;école.
      </p>
      <ActionForm
        action={forgotPassword}
        success={
          <Alert
            severity="info"
            small
            className="fr-mt-2w"
            description={
              "Si cet identifiant correspond à un compte activé, un courriel vient d'être " +
              "envoyé à son adresse de messagerie. Le lien qu'il contient est valable 24 " +
              'heures.'
            }
          />
        }
      >
        <TextField name="identifiant" label="Identifiant" autoComplete="username" />
        <Button type="submit">Recevoir un lien</Button>
      </ActionForm>
    </>
  );
}
