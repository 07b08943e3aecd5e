import { Header } from '@codegouvfr/react-dsfr/Header';
import { brandTop } from './brand';

export function PublicHeader() {
  return (
    <Header
      brandTop={brandTop}
      homeLinkProps={{ href: '/', title: 'Accueil - EduConnect' }}
      serviceTitle="EduConnect"
      serviceTagline="Un compte unique pour les services numériques des écoles"
    />
  );
}
