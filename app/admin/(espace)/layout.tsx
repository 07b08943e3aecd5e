import type { ReactNode } from 'react';
import { SiteFooter } from '@/app/_components/SiteFooter';
import { requireAgent } from '@/lib/auth/guards';
import { AdminHeader } from '../_components/AdminHeader';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { school } = await requireAgent();
  return (
    <>
      <AdminHeader school={school} />
      <main id="contenu" className="fr-container fr-py-4w">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
