import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField } from '@/app/_components/fields';
import { domainMessage } from '@/lib/errors';
import { passwordLinkUsable } from '@/lib/portal/forgot-password';
import { resetPassword } from '../../actions';

export const metadata: Metadata = { title: 'Nouveau mot de passe' };

export default async function ResetPassword({ params }: { params: Promise<{ jeton: string }> }) {
  const { jeton } = await params;
  const usable = /^[A-Za-z0-9_-]{10,64}$/.test(jeton) && (await passwordLinkUsable(jeton));
  return (
    <>
      <h1>Choisir un nouveau mot de passe</h1>
      {usable ? (
        <ActionForm action={resetPassword}>
          <input type="hidden" name="jeton" value={jeton} />
          <PasswordField name="password" label="Nouveau mot de passe" rule autoComplete="new-password" />
          <PasswordField name="confirmation" label="Confirmation du nouveau mot de passe" autoComplete="new-password" />
          <Button type="submit">Valider</Button>
        </ActionForm>
      ) : (
        <Alert
          severity="error"
          title="Lien non valable"
          description={
            <>
              {domainMessage('EMAIL_LINK_INVALID')} <Link href="/mot-de-passe-oublie">Demander un nouveau lien</Link>
            </>
          }
        />
      )}
    </>
  );
}
