import type { Metadata } from 'next';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { activateAccount } from '@/lib/accounts/activate-account';
import { isDomainError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Activation du compte' };
export const dynamic = 'force-dynamic';

/** The C07 link (guide §1.3.5 (4)): the e-mail address is validated and the account is « Activé ». */
export default async function Activation({ params }: { params: Promise<{ jeton: string }> }) {
  const { jeton } = await params;
  let outcome: { identifiant: string; already: boolean } | null = null;
  let refused: string | null = null;
  try {
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(jeton)) throw new Error('jeton mal formé');
    outcome = await activateAccount({ token: jeton });
  } catch (e) {
    if (isDomainError(e)) refused = e.message;
    else if ((e as Error).message === 'jeton mal formé') refused = "Ce lien d'activation n'est pas valable.";
    else throw e;
  }
  return (
    <>
      <h1>Activation de votre compte</h1>
      {outcome ? (
        <Alert
          severity="success"
          title={outcome.already ? 'Votre compte est déjà activé' : 'Votre compte est activé'}
          description={
            `Votre adresse mail est validée. Vous pouvez vous connecter aux services en ligne ` +
            `avec l'identifiant ${outcome.identifiant} et le mot de passe que vous avez choisi.`
          }
        />
      ) : (
        <Alert
          severity="error"
          title="Lien d'activation non valable"
          description={
            `${refused} Pour recevoir un nouveau lien, connectez-vous aux services en ligne avec ` +
            `votre identifiant et votre mot de passe, ou demandez au directeur de l'école de vous renvoyer ` +
            `le courriel d'activation.`
          }
        />
      )}
    </>
  );
}
