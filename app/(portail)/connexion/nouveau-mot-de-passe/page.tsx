import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField } from '@/app/_components/fields';
import { requirePasswordChoice } from '@/lib/auth/guards';
import { choosePassword } from '../../actions';

export const metadata: Metadata = { title: 'Nouveau mot de passe' };

/** After a director's reset (guide §5.5): the provisional password must be replaced. */
export default async function ChoosePassword() {
  const { account } = await requirePasswordChoice();
  return (
    <>
      <h1>Choisir un nouveau mot de passe</h1>
      <p>
        Le mot de passe de votre compte <strong>{account.identifiant}</strong> a été réinitialisé par l&apos;école.
        Choisissez un nouveau mot de passe pour continuer.
      </p>
      <ActionForm action={choosePassword}>
        <PasswordField name="password" label="Nouveau mot de passe" rule autoComplete="new-password" />
        <PasswordField name="confirmation" label="Confirmation du nouveau mot de passe" autoComplete="new-password" />
        <Button type="submit">Valider</Button>
      </ActionForm>
    </>
  );
}
