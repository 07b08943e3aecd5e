import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField, TextField } from '@/app/_components/fields';
import { requireGuardian } from '@/lib/auth/guards';
import { guardianHome } from '@/lib/portal/guardian-home';
import { addChildrenAction } from '../../actions';
import { ChildrenTable } from '../ChildrenTable';

export const metadata: Metadata = { title: 'Mes enfants' };

/** « Mes enfants » and the regroupement of guide §1.2. */
export default async function MyChildren({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { account } = await requireGuardian();
  const home = await guardianHome(account.id);
  const { regroupement } = await searchParams;
  return (
    <>
      <h1>Mes enfants</h1>
      {regroupement !== undefined && (
        <Alert
          severity="success"
          small
          className="fr-mb-4w"
          description={
            "Les enfants de l'autre compte sont désormais rattachés à ce compte. L'autre " +
            'identifiant ne permet plus de se connecter.'
          }
        />
      )}
      <ChildrenTable rows={home.children} />
      <h2 className="fr-mt-6w">Ajouter des élèves depuis un autre compte</h2>
      <p>
        Si vous avez reçu plusieurs identifiants (un par fiche de l&apos;école), vous pouvez regrouper tous vos enfants
        sur ce compte : saisissez l&apos;identifiant et le mot de passe de l&apos;autre compte. Celui-ci ne pourra plus
        servir ensuite.
      </p>
      <ActionForm action={addChildrenAction}>
        <TextField name="identifiant" label="Identifiant de l'autre compte" autoComplete="off" />
        <PasswordField name="password" label="Mot de passe de l'autre compte" autoComplete="off" />
        <Button type="submit">Ajouter les élèves</Button>
      </ActionForm>
    </>
  );
}
