import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { PublicHeader } from '@/app/_components/PublicHeader';
import { SiteFooter } from '@/app/_components/SiteFooter';

export const metadata: Metadata = { title: 'Déconnexion - Administration des comptes' };

/** Guide §2.2: « Une page confirmant la déconnexion s'affiche alors. » */
export default function SignedOut() {
  return (
    <>
      <PublicHeader />
      <main id="contenu" className="fr-container fr-py-6w">
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
      </main>
      <SiteFooter />
    </>
  );
}
