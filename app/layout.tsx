import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { DsfrProvider, StartDsfrOnHydration } from './_dsfr/client';
import { DsfrHead, getHtmlAttributes } from './_dsfr/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'EduConnect', template: '%s - EduConnect' },
  description: "EduConnect : comptes d'accès aux services en ligne des responsables d'élèves du 1er degré",
};

const lang = 'fr';

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The script nonce of this response (proxy.ts): the DSFR's colour-scheme script carries it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html {...getHtmlAttributes({ lang })}>
      <head>
        <DsfrHead nonce={nonce} preloadFonts={['Marianne-Regular', 'Marianne-Medium', 'Marianne-Bold']} />
      </head>
      <body>
        <DsfrProvider lang={lang} doCheckNonce>
          <StartDsfrOnHydration />
          <SkipLinks
            links={[
              { anchor: '#contenu', label: 'Contenu' },
              { anchor: '#pied-de-page', label: 'Pied de page' },
            ]}
          />
          {children}
        </DsfrProvider>
      </body>
    </html>
  );
}
