import { Button } from '@codegouvfr/react-dsfr/Button';
import { ActionForm } from '@/app/_components/ActionForm';
import { PublicHeader } from '@/app/_components/PublicHeader';
import { currentGuardianStage } from '@/lib/auth/guards';
import { signOutGuardian } from '../actions';

/** The portal's header: « Mon compte » and « Se déconnecter » once a session is open. */
export async function PortalHeader() {
  const stage = await currentGuardianStage();
  return (
    <PublicHeader
      quickAccessItems={
        stage
          ? [
              ...(stage === 'SIGNED_IN'
                ? [
                    {
                      iconId: 'fr-icon-account-circle-line' as const,
                      text: 'Mon compte',
                      linkProps: { href: '/mon-compte' },
                    },
                  ]
                : []),
              <ActionForm key="deconnexion" action={signOutGuardian}>
                <Button type="submit" iconId="fr-icon-logout-box-r-line">
                  Se déconnecter
                </Button>
              </ActionForm>,
            ]
          : [{ iconId: 'fr-icon-lock-line' as const, text: 'Se connecter', linkProps: { href: '/connexion' } }]
      }
    />
  );
}
