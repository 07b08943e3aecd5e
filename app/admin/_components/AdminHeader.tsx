import { Header } from '@codegouvfr/react-dsfr/Header';
import { SignOutItem } from '@/app/_components/SignOutItem';
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
      quickAccessItems={[<SignOutItem key="deconnexion" action={signOutAgent} label="Déconnexion" />]}
      navigation={<AdminNav />}
    />
  );
}
