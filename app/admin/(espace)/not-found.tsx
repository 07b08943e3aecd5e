import Link from 'next/link';

/** A missing account, or one that is not a guardian's of the chosen school: the same answer. */
export default function AdminNotFound() {
  return (
    <>
      <h1>Page introuvable</h1>
      <p>
        La page ou le compte demandé n&apos;existe pas, ou n&apos;appartient pas à un responsable de l&apos;école que
        vous administrez.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Link className="fr-btn" href="/admin/responsables">
            Retour à la liste des responsables
          </Link>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" href="/admin">
            Accueil
          </Link>
        </li>
      </ul>
    </>
  );
}
