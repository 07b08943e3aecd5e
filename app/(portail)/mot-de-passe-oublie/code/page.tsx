import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField, SmsCodeField } from '@/app/_components/fields';
import { resetPasswordByCode } from '../../actions';

export const metadata: Metadata = { title: 'Mot de passe oublié - code reçu par SMS' };

/** « Mot de passe oublié ? » by SMS: the code and the new password on one screen. */
export default function ResetPasswordByCode() {
  return (
    <>
      <h1>Choisir un nouveau mot de passe</h1>
      <p>
        Si cet identifiant correspond à un compte activé dont le numéro de portable est confirmé, un code à 6 chiffres
        vient d&apos;être envoyé par SMS. Il est valable 10 minutes.
      </p>
      <ActionForm action={resetPasswordByCode}>
        <SmsCodeField />
        <PasswordField name="password" label="Nouveau mot de passe" rule autoComplete="new-password" />
        <PasswordField name="confirmation" label="Confirmation du nouveau mot de passe" autoComplete="new-password" />
        <Button type="submit">Valider</Button>
      </ActionForm>
      <p className="fr-mt-3w">
        Pas de code ? <Link href="/mot-de-passe-oublie">Recommencer</Link>, ou demandez un lien par courriel.
      </p>
    </>
  );
}
