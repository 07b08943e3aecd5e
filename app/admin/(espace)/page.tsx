import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { Link } from '@/app/_components/Link';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { ActionForm } from '@/app/_components/ActionForm';
import { requireAgent } from '@/lib/auth/guards';
import { domainMessage } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { UNDELIVERED_DAYS, undeliveredLettersForSchool } from '@/lib/messaging/undelivered-messages';
import { chooseSchool } from '../actions';

export const metadata: Metadata = { title: 'Accueil - Administration des comptes' };

export default async function AdminHome({ searchParams }: { searchParams: Promise<{ ecole?: string }> }) {
  const { agent, schools, school } = await requireAgent();
  const { ecole } = await searchParams;
  const undelivered = school ? await undeliveredLettersForSchool(school.id) : [];
  return (
    <>
      <h1>Accueil</h1>
      <p>
        Bienvenue {agent.firstName} {agent.lastName}.
      </p>
      {ecole === 'choisir' && !school && (
        <Alert
          severity="info"
          small
          description={domainMessage('SCHOOL_NOT_CHOSEN')}
          className="fr-mb-4w"
          role="status"
        />
      )}
      {schools.length === 0 && <p>Aucune école sous votre responsabilité n&apos;est connue de l&apos;annuaire.</p>}
      {schools.length > 1 && (
        <section aria-labelledby="choix-ecole" className="fr-mb-4w">
          <h2 id="choix-ecole" className="fr-h4">
            Choisir l&apos;établissement à administrer
          </h2>
          <p>Vous devez administrer les comptes des responsables établissement par établissement.</p>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            {schools.map((s) => (
              <li key={s.uai}>
                <ActionForm action={chooseSchool}>
                  <input type="hidden" name="uai" value={s.uai} />
                  <Button
                    type="submit"
                    priority={school?.uai === s.uai ? 'primary' : 'secondary'}
                    nativeButtonProps={{ 'aria-pressed': school?.uai === s.uai }}
                  >
                    {s.uai} {s.name}
                  </Button>
                </ActionForm>
              </li>
            ))}
          </ul>
        </section>
      )}
      {school && (
        <section aria-labelledby="gestion">
          <h2 id="gestion" className="fr-h4">
            {school.uai} {school.name}
          </h2>
          <ul>
            <li>
              <Link href="/admin/responsables">Responsables</Link> : rechercher, notifier et gérer les comptes des
              responsables.
            </li>
            <li>
              <Link href="/admin/statistiques">Statistiques</Link> : suivre l&apos;activation des comptes.
            </li>
          </ul>
        </section>
      )}
      {undelivered.length > 0 && (
        <section aria-labelledby="non-remis" className="fr-mt-4w">
          <h2 id="non-remis" className="fr-h4">
            Courriels non remis
          </h2>
          <p>
            Le serveur de messagerie du responsable a refusé ces courriels des {UNDELIVERED_DAYS} derniers jours :
            l&apos;adresse est sans doute erronée. Corrigez-la dans ONDE (elle sera dans EduConnect le lendemain matin)
            puis notifiez de nouveau le compte, ou remettez le courrier par feuille individuelle imprimable. Pour un
            courriel d&apos;activation, corrigez l&apos;adresse et renvoyez-le depuis la page du compte.
          </p>
          <Table
            caption="Courriels non remis, du plus récent au plus ancien"
            noCaption
            headers={['Date', 'Responsable', 'Identifiant', 'Adresse refusée', 'Courrier']}
            data={undelivered.map((u) => [
              formatDateTime(u.createdAt),
              u.responsable,
              <Link key={u.id} href={`/admin/responsables/compte/${u.accountId}`}>
                {u.identifiant}
              </Link>,
              u.recipient,
              u.courrier,
            ])}
          />
        </section>
      )}
    </>
  );
}
