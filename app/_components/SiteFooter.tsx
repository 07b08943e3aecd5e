'use client';

import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { brandTop } from './brand';

/**
 * The site's footer, with the DSFR's display settings dialog. Drawn in the browser too (a client
 * component): every page's payload names this code instead of carrying the footer and the dialog
 * rendered, ~8 KiB (DECISIONS « The weight of a page »).
 */
export function SiteFooter() {
  return (
    <Footer
      id="pied-de-page"
      brandTop={brandTop}
      homeLinkProps={{ href: '/', title: 'Accueil - EduConnect' }}
      accessibility="non compliant"
      accessibilityLinkProps={{ href: '/accessibilite' }}
      termsLinkProps={{ href: '/mentions-legales' }}
      bottomItems={[{ text: 'Données personnelles', linkProps: { href: '/donnees-personnelles' } }]}
      contentDescription={
        "EduConnect-libre : implémentation libre de l'administration des comptes EduConnect " +
        "des responsables d'élèves du 1er degré."
      }
    />
  );
}
