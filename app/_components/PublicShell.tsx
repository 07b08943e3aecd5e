import type { ReactNode } from 'react';
import { PublicHeader } from './PublicHeader';
import { SiteFooter } from './SiteFooter';

/** The frame of every public page: DSFR header, the main content, the footer. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <>
      <PublicHeader />
      <main id="contenu" className="fr-container fr-py-6w">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
