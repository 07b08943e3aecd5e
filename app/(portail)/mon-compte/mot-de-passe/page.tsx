import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField } from '@/app/_components/fields';
import { requireGuardian } from '@/lib/auth/guards';
import { changePasswordAction } from '../../actions';

export const metadata: Metadata = { title: 'Modifier mon mot de passe' };

export default async function ChangePassword() {
  await requireGuardian();
  return (
    <>
      <h1>Modifier mon mot de passe</h1>
      <ActionForm action={changePasswordAction}>
        <PasswordField name="current" label="Mot de passe actuel" />
        <PasswordField name="password" label="Nouveau mot de passe" rule autoComplete="new-password" />
        <PasswordField name="confirmation" label="Confirmation du nouveau mot de passe" autoComplete="new-password" />
        <Button type="submit">Modifier mon mot de passe</Button>
      </ActionForm>
    </>
  );
}
