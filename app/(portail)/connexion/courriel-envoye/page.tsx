import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { TextField } from '@/app/_components/fields';
import { requireAwaitingActivation } from '@/lib/auth/guards';
import { activationMailState } from '@/lib/portal/awaiting-activation';
import { resendActivationAction } from '../../actions';

export const metadata: Metadata = { title: "Courriel d'activation envoyé" };

/**
 * Guide §1.3.5 (3)–(4): « En cours d'activation » until the link of the C07 is followed. Where the
 * e-mail went — or that the parent's mail server refused it — and a new one to a corrected address
 * (annexe A1.3: « connectez-vous à nouveau pour modifier votre adresse de messagerie »).
 */
export default async function ActivationMailSent({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { account } = await requireAwaitingActivation();
  const { email, refused } = await activationMailState(account.id);
  const renewed = (await searchParams).nouveau !== undefined;
  return (
    <>
      <h1>Dernière étape : validez votre adresse de messagerie</h1>
      {refused ? (
        <Alert
          severity="warning"
          title="Le courriel d'activation n'a pas pu être remis"
          description={
            `Le serveur de messagerie de l'adresse ${email} a refusé le courriel d'activation : elle est sans doute ` +
            "mal écrite ou n'existe plus. Corrigez-la ci-dessous pour recevoir un nouveau courriel d'activation."
          }
        />
      ) : (
        email && (
          <Alert
            severity={renewed ? 'success' : 'info'}
            title={
              renewed
                ? "Un nouveau courriel d'activation vous a été envoyé"
                : "Un courriel d'activation vous a été envoyé"
            }
            description={
              `Il a été envoyé à ${email}. Ouvrez le courriel « Services en ligne de l'éducation nationale - ` +
              "activation du compte » et cliquez sur le lien qu'il contient : votre compte sera alors activé. Le " +
              'lien reste valable 7 jours ; celui des courriels précédents ne fonctionne plus. Si vous ne le trouvez ' +
              'pas, regardez dans les courriers indésirables.'
            }
          />
        )
      )}
      <h2 className="fr-h5 fr-mt-6w">
        {refused || !email ? 'Votre adresse de messagerie' : "Ce n'est pas la bonne adresse ?"}
      </h2>
      <p>Vérifiez ou corrigez l&apos;adresse, puis demandez un nouveau courriel d&apos;activation.</p>
      <ActionForm action={resendActivationAction}>
        <TextField
          name="email"
          label="Adresse de messagerie"
          type="email"
          autoComplete="email"
          defaultValue={email ?? ''}
        />
        <Button type="submit">Recevoir un nouveau courriel d&apos;activation</Button>
      </ActionForm>
    </>
  );
}
