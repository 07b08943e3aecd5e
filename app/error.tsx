'use client';

import { ButtonsGroup } from '@codegouvfr/react-dsfr/ButtonsGroup';

/** An unexpected fault (the request was not the problem): French, in the site's design, with a way back. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="contenu" className="fr-container fr-py-6w">
      <h1>Erreur inattendue</h1>
      <p className="fr-text--lead">Le service a rencontré un problème et n&apos;a pas pu répondre.</p>
      <p>
        Réessayez dans quelques instants. Si le problème persiste, signalez-le en indiquant la référence
        {error.digest ? ` « ${error.digest} »` : ''} et l&apos;heure.
      </p>
      <ButtonsGroup
        inlineLayoutWhen="md and up"
        buttons={[
          { children: 'Réessayer', onClick: () => reset() },
          { children: "Page d'accueil", linkProps: { href: '/' }, priority: 'secondary' },
        ]}
      />
    </main>
  );
}
