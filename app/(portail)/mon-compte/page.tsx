import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { requireGuardian } from '@/lib/auth/guards';
import { formatMobile } from '@/lib/phone';
import { guardianHome } from '@/lib/portal/guardian-home';
import { ChildrenTable } from './ChildrenTable';

export const metadata: Metadata = { title: 'Mon compte' };

/** The portal's home once signed in (guide §1.2: profile, children, regroupement). */
export default async function MyAccount({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { account } = await requireGuardian();
  const home = await guardianHome(account.id);
  const params = await searchParams;
  return (
    <>
      <h1>Mon compte</h1>
      {params.bienvenue !== undefined && (
        <Alert
          severity="success"
          small
          className="fr-mb-4w"
          description={`Votre compte est activé. Votre identifiant est ${home.identifiant}.`}
        />
      )}
      {params['mot-de-passe'] !== undefined && (
        <Alert severity="success" small className="fr-mb-4w" description="Votre mot de passe est modifié." />
      )}
      <dl className="fr-mb-4w">
        <dt className="fr-text--bold">Identifiant</dt>
        <dd>{home.identifiant}</dd>
        <dt className="fr-text--bold">Adresse de messagerie</dt>
        <dd>{home.email ? `${home.email}${home.emailVerified ? '' : ' (non validée)'}` : 'Non renseignée'}</dd>
        <dt className="fr-text--bold">Téléphone portable</dt>
        <dd>{home.mobile ? formatMobile(home.mobile) : 'Non renseigné'}</dd>
        <dt className="fr-text--bold">FranceConnect</dt>
        <dd>{home.franceConnect ? 'Compte lié à FranceConnect' : 'Compte non lié à FranceConnect'}</dd>
      </dl>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Link className="fr-btn fr-btn--secondary" href="/mon-compte/mot-de-passe">
            Modifier mon mot de passe
          </Link>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" href="/mon-compte/adresse">
            Modifier mon adresse électronique
          </Link>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" href="/mon-compte/enfants">
            Mes enfants
          </Link>
        </li>
      </ul>
      <h2 className="fr-mt-4w">Mes enfants</h2>
      <ChildrenTable rows={home.children} />
    </>
  );
}
