import type { ReactNode } from 'react';
import { SiteFooter } from '@/app/_components/SiteFooter';
import { PortalHeader } from './_components/PortalHeader';

export const dynamic = 'force-dynamic';

/** The guardians' portal (guide §1.2, §1.3.4): the public frame, with the session's header. */
export default function PortalLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PortalHeader />
      <main id="contenu" className="fr-container fr-py-6w">
        <div className="max-w-2xl">{children}</div>
      </main>
      <SiteFooter />
    </>
  );
}
