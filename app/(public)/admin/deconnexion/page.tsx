import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { Alert } from '@codegouvfr/react-dsfr/Alert';

export const metadata: Metadata = { title: 'Déconnexion - Administration des comptes' };

/** Guide §2.2: « Une page confirmant la déconnexion s'affiche alors. » */
export default function SignedOut() {
  return (
    <>
      <h1>Déconnexion</h1>
      <Alert
        severity="success"
        title="Vous êtes déconnecté"
        description="Vous avez été déconnecté de l'application « Administration des comptes » d'EduConnect."
        className="fr-mb-4w"
      />
      <p>
        <Link href="/admin/connexion">Se reconnecter</Link>
      </p>
    </>
  );
}
