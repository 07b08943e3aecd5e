import { Button } from '@codegouvfr/react-dsfr/Button';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { ActionForm } from '@/app/_components/ActionForm';
import { brandTop } from '@/app/_components/brand';
import { currentGuardianStage } from '@/lib/auth/guards';
import { signOutGuardian } from '../actions';

/** The portal's header: « Mon compte » and « Se déconnecter » once a session is open. */
export async function PortalHeader() {
  const stage = await currentGuardianStage();
  return (
    <Header
      brandTop={brandTop}
      homeLinkProps={{ href: '/', title: 'Accueil - EduConnect' }}
      serviceTitle="EduConnect"
      serviceTagline="Un compte unique pour les services numériques des écoles"
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
