import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { Metadata } from 'next';
import { isDomainError } from '@/lib/errors';
import { confirmEmailChange } from '@/lib/portal/change-email';

export const metadata: Metadata = { title: 'Adresse de messagerie' };

/** The link sent to a new address: following it makes the address the account's. */
export default async function ConfirmEmail({ params }: { params: Promise<{ jeton: string }> }) {
  const { jeton } = await params;
  let outcome: { email: string } | { refused: string };
  try {
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(jeton)) throw new Error('jeton mal formé');
    outcome = await confirmEmailChange({ token: jeton });
  } catch (e) {
    if (isDomainError(e)) outcome = { refused: e.message };
    else if ((e as Error).message === 'jeton mal formé') outcome = { refused: "Ce lien n'est pas valable." };
    else throw e;
  }
  return (
    <>
      <h1>Adresse de messagerie</h1>
      {'email' in outcome ? (
        <Alert
          severity="success"
          title="Adresse confirmée"
          description={`L'adresse ${outcome.email} est désormais celle de votre compte.`}
        />
      ) : (
        <Alert
          severity="error"
          title="Lien non valable"
          description={`${outcome.refused} Vous pouvez refaire la demande depuis « Mon compte ».`}
        />
      )}
    </>
  );
}
