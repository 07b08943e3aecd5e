import { PublicHeader } from '@/app/_components/PublicHeader';
import { SignOutItem } from '@/app/_components/SignOutItem';
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
              <SignOutItem key="deconnexion" action={signOutGuardian} label="Se déconnecter" />,
            ]
          : [{ iconId: 'fr-icon-lock-line' as const, text: 'Se connecter', linkProps: { href: '/connexion' } }]
      }
    />
  );
}
