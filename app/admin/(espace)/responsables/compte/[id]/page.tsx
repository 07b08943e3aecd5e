import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { originLabels } from '@/lib/accounts/labels';
import { getAccountForDirector } from '@/lib/accounts/get-account';
import { searchHrefFromQuery } from '@/lib/accounts/search-accounts';
import { requireAgent } from '@/lib/auth/guards';
import { formatCalendarDate, formatDate } from '@/lib/format';
import { NoSchoolChosen } from '../../../../_components/NoSchoolChosen';
import { StateLabel } from '../../../../_components/StateLabel';

export const metadata: Metadata = { title: 'Compte d’un responsable - Administration des comptes' };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-2 gap-2 fr-py-1w" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
      <dt className="font-bold">{label}</dt>
      <dd className="m-0">{children}</dd>
    </div>
  );
}

/** Pupils attached to the account (guide §5.2): first name, name, birth date, then class or school. */
function PupilsTable({
  caption,
  lastHeader,
  rows,
}: {
  caption: string;
  lastHeader: string;
  rows: { prenom: string; nom: string; naissance: Date | null; last: string }[];
}) {
  return (
    <div className="fr-table">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Prénom</th>
            <th scope="col">Nom</th>
            <th scope="col">Date de naissance</th>
            <th scope="col">{lastHeader}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e, i) => (
            <tr key={i}>
              <td>{e.prenom}</td>
              <td>{e.nom}</td>
              <td>{e.naissance ? formatCalendarDate(e.naissance) : ''}</td>
              <td>{e.last}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ retour?: string }>;
}) {
  const { agent, school } = await requireAgent();
  if (!school) return <NoSchoolChosen />;
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const account = await getAccountForDirector({ accountId: Number(id), schoolId: school.id, agentId: agent.id });
  if (!account) notFound();
  // The way back re-runs the previous search, first page (guide §5.1); rebuilt from validated criteria.
  const { retour } = await searchParams;
  const back = searchHrefFromQuery(retour);
  const notYet = 'Disponible avec la notification des comptes';
  return (
    <>
      <p>
        <Link href={back} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Retour à la liste des responsables
        </Link>
      </p>
      <h1>Informations du compte</h1>
      <div className="flex flex-wrap gap-4 fr-mb-3w">
        <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" disabled title={notYet}>
          (Re)Notifier le compte
        </button>
        <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" disabled title={notYet}>
          Modifier le compte
        </button>
      </div>
      <div className="grid gap-x-12 md:grid-cols-2">
        <dl className="m-0">
          <Field label="Identifiant">{account.identifiant}</Field>
          {account.etat !== 'NON_NOTIFIE' && <Field label="Mot de passe *">{account.motDePasse ?? ''}</Field>}
          <Field label="Courrier électronique">{account.email ?? 'Non renseigné'}</Field>
          <Field label="Téléphone Mobile">{account.mobile ?? 'Non renseigné'}</Field>
        </dl>
        <dl className="m-0">
          <Field label="Origine du compte">{originLabels[account.origine]}</Field>
          <Field label="État du compte">
            <StateLabel state={account.etat} />
          </Field>
          <Field label="Date de distribution">
            {account.distributedAt ? formatDate(account.distributedAt) : 'Non renseignée'}
          </Field>
          <Field label="Date de dernière connexion">
            {account.lastLoginAt ? formatDate(account.lastLoginAt) : 'Non renseignée'}
          </Field>
        </dl>
      </div>
      <p className="fr-text--sm fr-mt-2w">
        * Seuls les mots de passe provisoires sont affichés, le mot de passe choisi par le responsable lors de
        l&apos;activation de son compte est masqué.
      </p>
      <h2 className="fr-mt-4w">Élèves rattachés au compte</h2>
      <PupilsTable
        caption="Inscrits dans l'établissement"
        lastHeader="Classe"
        rows={account.elevesEcole.map((e) => ({ ...e, last: e.classe }))}
      />
      {account.elevesAutres.length > 0 && (
        <PupilsTable
          caption="Inscrits dans un autre établissement"
          lastHeader="Établissement"
          rows={account.elevesAutres.map((e) => ({ ...e, last: `${e.uai} - ${e.ecole}` }))}
        />
      )}
    </>
  );
}
