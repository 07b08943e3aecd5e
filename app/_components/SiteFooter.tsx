import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { brandTop } from './brand';

export function SiteFooter() {
  return (
    <Footer
      id="pied-de-page"
      brandTop={brandTop}
      homeLinkProps={{ href: '/', title: 'Accueil - EduConnect' }}
      accessibility="non compliant"
      contentDescription={
        "EduConnect-libre : implémentation libre de l'administration des comptes EduConnect " +
        "des responsables d'élèves du 1er degré."
      }
    />
  );
}
