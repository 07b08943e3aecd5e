'use client';

import { MainNavigation } from '@codegouvfr/react-dsfr/MainNavigation';
import { usePathname } from 'next/navigation';

const tabs = [
  { text: 'Accueil', href: '/admin' },
  { text: 'Responsables', href: '/admin/responsables' },
  { text: 'Statistiques', href: '/admin/statistiques' },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <MainNavigation
      items={tabs.map((t) => ({
        text: t.text,
        linkProps: { href: t.href },
        isActive: t.href === '/admin' ? pathname === '/admin' : pathname.startsWith(t.href),
      }))}
    />
  );
}
