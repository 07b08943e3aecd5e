import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { FranceConnectButton } from '@codegouvfr/react-dsfr/FranceConnectButton';
import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { redirect } from 'next/navigation';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField, TextField } from '@/app/_components/fields';
import { franceConnectAvailable } from '@/lib/auth/franceconnect';
import { currentGuardianStage, STAGE_PAGES } from '@/lib/auth/guards';
import { signInGuardianAction } from '../actions';

export const metadata: Metadata = { title: 'Connexion' };

const notices: Record<string, { severity: 'success' | 'info' | 'error'; text: string }> = {
  deconnexion: { severity: 'success', text: 'Vous êtes déconnecté.' },
  'mot-de-passe': { severity: 'success', text: 'Votre mot de passe est modifié : connectez-vous avec le nouveau.' },
  session: { severity: 'info', text: 'Votre session a expiré ou a été fermée : reconnectez-vous.' },
  franceconnect: { severity: 'error', text: "La connexion avec FranceConnect n'a pas abouti. Réessayez." },
  'franceconnect-annulee': {
    severity: 'info',
    text:
      'Vous avez annulé la connexion avec FranceConnect. ' +
      'Connectez-vous avec FranceConnect ou avec votre identifiant.',
  },
};

/** The portal's sign-in page (guide §1.2, §1.3.4): FranceConnect, or an identifiant and a password. */
export default async function GuardianSignIn({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const stage = await currentGuardianStage();
  // A session waiting for the C07 click does not keep the parent from signing in again (« connectez-vous
  // à nouveau », annexe A1.3): the new sign-in replaces it.
  if (stage && stage !== 'AWAITING_ACTIVATION') redirect(STAGE_PAGES[stage]);
  const params = await searchParams;
  const notice = Object.keys(notices).find((k) => params[k] !== undefined);
  const identifiant = (params.identifiant ?? '').slice(0, 100);
  const franceConnect = franceConnectAvailable();
  return (
    <>
      <h1>Connexion aux services en ligne</h1>
      {notice && (
        <Alert severity={notices[notice].severity} small description={notices[notice].text} className="fr-mb-4w" />
      )}
      {franceConnect && (
        <section aria-labelledby="titre-fc" className="fr-mb-4w">
          <h2 id="titre-fc" className="fr-h4">
            Avec FranceConnect
          </h2>
          <p>
            FranceConnect est la solution proposée par l&apos;État pour sécuriser et simplifier la connexion aux
            services en ligne.
          </p>
          <FranceConnectButton url="/connexion/franceconnect" />
        </section>
      )}
      {franceConnect && (
        <p className="fr-hr-or" role="separator">
          ou
        </p>
      )}
      <section aria-labelledby="titre-identifiant">
        <h2 id="titre-identifiant" className="fr-h4">
          Avec mon identifiant EduConnect
        </h2>
        <ActionForm action={signInGuardianAction}>
          <TextField
            name="identifiant"
            label="Identifiant"
            hint="Sur le courrier de l'école, par exemple m.dupont"
            autoComplete="username"
            defaultValue={identifiant}
          />
          <PasswordField name="password" label="Mot de passe" />
          <ul className="fr-mb-3w">
            <li>
              <Link href="/identifiant-oublie">Identifiant oublié ?</Link>
            </li>
            <li>
              <Link href="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
            </li>
          </ul>
          <Button type="submit">Se connecter</Button>
        </ActionForm>
      </section>
      <p className="fr-mt-4w">
        <Link href="/creer-mon-compte">Je n&apos;ai pas de compte : créer mon compte par SMS</Link>
      </p>
    </>
  );
}
