import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { notFound } from 'next/navigation';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { originLabels } from '@/lib/accounts/labels';
import { getAccountForDirector } from '@/lib/accounts/get-account';
import { requireSchool } from '@/lib/auth/guards';
import { formatCalendarDate, formatDate, formatDateTime } from '@/lib/format';
import { formatMobile } from '@/lib/phone';
import { StateLabel } from '../../../../_components/StateLabel';
import { searchHrefFromQuery } from '../../search-url';
import { AccountActions } from './AccountActions';

export const metadata: Metadata = { title: 'Compte d’un responsable - Administration des comptes' };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-2 gap-2 fr-py-1w" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
      <dt className="font-bold">{label}</dt>
      <dd className="m-0">{children}</dd>
    </div>
  );
}

type Pupil = { prenom: string; nom: string; naissance: Date | null };
const pupilCells = (e: Pupil) => [e.prenom, e.nom, e.naissance ? formatCalendarDate(e.naissance) : ''];

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ retour?: string }>;
}) {
  const { agent, school } = await requireSchool();
  const { id } = await params;
  // A missing or foreign account: 404 and the area's « Page introuvable ». Next 16.4 sends that page as
  // an empty shell that the browser draws (vercel/next.js#62228, a fix proposed upstream): without
  // JavaScript it is blank, and the DSFR's script does not start on it. Kept: the status and the same
  // answer for a missing and a foreign account matter more here (tests/e2e/security.spec.ts).
  if (!/^\d{1,9}$/.test(id)) notFound();
  const account = await getAccountForDirector({ accountId: Number(id), schoolId: school.id, agentId: agent.id });
  if (!account) notFound();
  // The way back re-runs the previous search, first page (guide §5.1); rebuilt from validated criteria.
  const { retour } = await searchParams;
  const back = searchHrefFromQuery(retour);
  return (
    <>
      <p>
        <Link href={back} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Retour à la liste des responsables
        </Link>
      </p>
      <h1>Informations du compte</h1>
      <AccountActions accountId={account.id} state={account.etat} email={account.email} />
      <div className="grid gap-x-12 md:grid-cols-2">
        <dl className="m-0">
          <Field label="Identifiant">{account.identifiant}</Field>
          {account.etat !== 'NON_NOTIFIE' && <Field label="Mot de passe *">{account.motDePasse ?? ''}</Field>}
          <Field label="Courrier électronique">{account.email ?? 'Non renseigné'}</Field>
          <Field label="Téléphone Mobile">{account.mobile ? formatMobile(account.mobile) : 'Non renseigné'}</Field>
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
      {/* The note explains the row « Mot de passe * », which a « Non notifié » account has not (§5.2). */}
      {account.etat !== 'NON_NOTIFIE' && (
        <p className="fr-text--sm fr-mt-2w">
          * Seuls les mots de passe provisoires sont affichés, le mot de passe choisi par le responsable lors de
          l&apos;activation de son compte est masqué.
        </p>
      )}
      <h2 className="fr-mt-4w">Élèves rattachés au compte</h2>
      <Table
        caption="Inscrits dans l'établissement"
        headers={['Prénom', 'Nom', 'Date de naissance', 'Classe']}
        data={account.elevesEcole.map((e) => [...pupilCells(e), e.classe])}
      />
      {account.elevesAutres.length > 0 && (
        <Table
          caption="Inscrits dans un autre établissement"
          headers={['Prénom', 'Nom', 'Date de naissance', 'Établissement']}
          data={account.elevesAutres.map((e) => [...pupilCells(e), `${e.uai} - ${e.ecole}`])}
        />
      )}
      <h2 className="fr-mt-4w">Historique</h2>
      <Table
        caption="Actions sur le compte, de la plus récente à la plus ancienne (200 au plus)"
        headers={['Date', 'Action', 'Par']}
        data={account.historique.map((h) => [formatDateTime(h.at), h.label, h.by])}
      />
    </>
  );
}
