import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { hasAgentSession } from '@/lib/auth/guards';
import { agentOidc } from '@/lib/config/settings';
import { ActionForm } from '@/app/_components/ActionForm';
import { signInAgent } from '@/app/admin/actions';

export const metadata: Metadata = { title: 'Connexion - Administration des comptes' };
export const dynamic = 'force-dynamic';

const errors: Record<string, string> = {
  inconnu:
    "Votre adresse électronique ne correspond à aucun directeur d'école connu de l'annuaire : " +
    "l'accès à l'administration des comptes vous est refusé.",
  portail: "La connexion par le portail des agents n'a pas abouti. Réessayez ; si cela dure, prévenez l'assistance.",
};

export default async function AgentSignIn({
  searchParams,
}: {
  searchParams: Promise<{ erreur?: string; error?: string }>;
}) {
  if (await hasAgentSession()) redirect('/admin');
  const { erreur, error } = await searchParams;
  const message = erreur ? errors[erreur] : error ? 'La connexion a échoué. Veuillez réessayer.' : null;
  const configured = agentOidc() !== null;
  return (
    <>
      <h1>Administration des comptes</h1>
      <p>
        L&apos;application d&apos;administration des comptes EduConnect est réservée aux directeurs d&apos;école.
        Connectez-vous avec votre compte d&apos;agent.
      </p>
      {message && <Alert severity="error" title="Connexion impossible" description={message} className="fr-mb-4w" />}
      {configured ? (
        <ActionForm action={signInAgent}>
          <Button type="submit">Se connecter avec le portail des agents</Button>
        </ActionForm>
      ) : (
        <Alert
          severity="warning"
          title="Connexion indisponible"
          description="Le portail d'authentification des agents n'est pas configuré (AGENT_OIDC_ISSUER)."
        />
      )}
    </>
  );
}
