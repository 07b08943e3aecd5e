import { Button } from '@codegouvfr/react-dsfr/Button';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { ActionForm } from '@/app/_components/ActionForm';
import { brandTop } from '@/app/_components/brand';
import { signOutAgent } from '../actions';
import { AdminNav } from './AdminNav';

export function AdminHeader({ school }: { school: { uai: string; name: string } | null }) {
  return (
    <Header
      brandTop={brandTop}
      homeLinkProps={{ href: '/admin', title: 'Accueil - EduConnect - Administration des comptes' }}
      serviceTitle="EduConnect - Administration des comptes"
      serviceTagline={school ? `${school.uai} ${school.name}` : 'Aucune école sélectionnée'}
      quickAccessItems={[
        <ActionForm key="deconnexion" action={signOutAgent}>
          <Button type="submit" iconId="fr-icon-logout-box-r-line">
            Déconnexion
          </Button>
        </ActionForm>,
      ]}
      navigation={<AdminNav />}
    />
  );
}
