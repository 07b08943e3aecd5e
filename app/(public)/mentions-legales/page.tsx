import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { publisher } from '@/lib/config/settings';
import { ContactLink } from '../_components/ContactLink';

export const metadata: Metadata = { title: 'Mentions légales' };

/** The legal notice of the service: who publishes it, who hosts it, how to reach them. */
export default function LegalNotice() {
  const p = publisher();
  return (
    // A text to read: lines of a readable length.
    <div className="max-w-3xl">
      <h1>Mentions légales</h1>
      <h2>Éditeur</h2>
      <p>{p.name}</p>
      <p>
        Contact : <ContactLink value={p.contact} />
      </p>
      <h2>Directeur de la publication</h2>
      <p>{p.director}</p>
      <h2>Hébergement</h2>
      <p>{p.host}</p>
      <h2>Logiciel</h2>
      <p>
        Le service repose sur EduConnect-libre, implémentation libre de l&apos;administration des comptes EduConnect des
        responsables d&apos;élèves du 1er degré.
      </p>
      <h2>Données personnelles et accessibilité</h2>
      <ul>
        <li>
          <Link href="/donnees-personnelles">Données personnelles</Link>
        </li>
        <li>
          <Link href="/accessibilite">Déclaration d&apos;accessibilité</Link>
        </li>
      </ul>
    </div>
  );
}
