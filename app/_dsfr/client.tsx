'use client';

import { DsfrProviderBase, type DsfrProviderProps, StartDsfrOnHydration } from '@codegouvfr/react-dsfr/next-app-router';
import { Link } from '@/app/_components/Link';

declare module '@codegouvfr/react-dsfr/next-app-router' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

export function DsfrProvider(props: DsfrProviderProps) {
  return <DsfrProviderBase {...props} defaultColorScheme="system" Link={Link} />;
}

export { StartDsfrOnHydration };
