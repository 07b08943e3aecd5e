import { Header, type HeaderProps } from '@codegouvfr/react-dsfr/Header';
import { brandTop } from './brand';

/** The header of the public pages and of the portal (which adds its « Mon compte » and sign-out). */
export function PublicHeader({ quickAccessItems }: { quickAccessItems?: HeaderProps['quickAccessItems'] }) {
  return (
    <Header
      brandTop={brandTop}
      homeLinkProps={{ href: '/', title: 'Accueil - EduConnect' }}
      serviceTitle="EduConnect"
      serviceTagline="Un compte unique pour les services numériques des écoles"
      quickAccessItems={quickAccessItems}
    />
  );
}
