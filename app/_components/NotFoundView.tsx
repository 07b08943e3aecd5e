'use client';

import { Button } from '@codegouvfr/react-dsfr/Button';
import { PublicShell } from './PublicShell';

/**
 * « Page introuvable » in the site's frame (app/not-found.tsx). A client component: Next puts the
 * root not-found tree into every page it sends, in case a page turns out missing; as a client
 * component it goes as a reference to its code, not as the header, footer and display settings
 * already rendered (about 8 KiB less to render and send with each page).
 */
export function NotFoundView() {
  return (
    <PublicShell>
      <h1>Page introuvable</h1>
      <p className="fr-text--lead">La page que vous cherchez n&apos;existe pas ou a été déplacée.</p>
      <p>Si vous avez saisi l&apos;adresse à la main, vérifiez-la ; sinon, repartez de l&apos;accueil.</p>
      <Button linkProps={{ href: '/' }}>Page d&apos;accueil</Button>
    </PublicShell>
  );
}
