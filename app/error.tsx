'use client';

import Link from 'next/link';

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
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button type="button" className="fr-btn" onClick={() => reset()}>
            Réessayer
          </button>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" href="/">
            Page d&apos;accueil
          </Link>
        </li>
      </ul>
    </main>
  );
}
