import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { ActionForm } from '@/app/_components/ActionForm';
import { requireSchool } from '@/lib/auth/guards';
import { formatDate, formatPct, formatTime } from '@/lib/format';
import type { StatsCounts } from '@/lib/stats/compute-stats';
import { getStatsPage, totalRow } from '@/lib/stats/stats-page';
import { ActivationChart } from '../../_components/ActivationChart';
import { computeStatsAction } from './actions';
import { StatsRefresher } from './StatsRefresher';

export const metadata: Metadata = { title: 'Statistiques - Administration des comptes' };

const countHeaders = [
  'Nombre de comptes responsables',
  'Nombre de comptes non notifiés',
  'Nombre de comptes notifiés et non activés',
  "Nombre de comptes en cours d'activation",
  'Nombre de comptes activés',
  '% de comptes resp. avec un compte activé',
];

const cells = (r: StatsCounts) => [
  r.comptes,
  r.nonNotifies,
  r.notifiesNonActives,
  r.enCoursActivation,
  r.actives,
  formatPct(r.pctComptesActives),
];

export default async function Statistiques() {
  const { school } = await requireSchool();
  const { latest, history, running } = await getStatsPage({ schoolId: school.id });
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-4 fr-mb-3w">
        <h1 className="fr-mb-0">Statistiques pour les comptes responsables</h1>
        <ActionForm action={computeStatsAction}>
          <Button type="submit" iconId="fr-icon-refresh-line" disabled={running}>
            Calculer les statistiques
          </Button>
        </ActionForm>
      </div>
      <StatsRefresher running={running} />
      <div aria-live="polite">
        {running && (
          <Alert
            severity="info"
            small
            description="Calcul des statistiques en cours… Les nouvelles valeurs s'afficheront dès qu'il sera terminé."
            className="fr-mb-3w"
          />
        )}
      </div>
      {!latest ? (
        <p>
          Les statistiques de cette école n&apos;ont pas encore été calculées : elles le sont toutes les nuits, ou à la
          demande avec le bouton « Calculer les statistiques ».
        </p>
      ) : (
        <>
          <Table
            caption="Synthèse des comptes responsables de la structure"
            headers={[...countHeaders, "% d'élèves ayant au moins un resp. avec un compte activé"]}
            data={[[...cells(latest.data.summary), formatPct(latest.data.summary.pctElevesAvecResponsableActive)]]}
            bordered
          />
          <Table
            caption="Synthèse des comptes responsables par classe"
            headers={['Classe', ...countHeaders]}
            data={[
              ...latest.data.parClasse.map((r) => [r.classe, ...cells(r)]),
              ['Total', ...cells(totalRow(latest.data.parClasse))],
            ]}
            bordered
          />
          <Table
            caption="Synthèse des comptes responsables par niveau"
            headers={['Niveau', ...countHeaders]}
            data={[
              ...latest.data.parNiveau.map((r) => [r.niveau, ...cells(r)]),
              ['Total', ...cells(totalRow(latest.data.parNiveau))],
            ]}
            bordered
          />
          <p data-testid="derniere-mise-a-jour">
            Dernière mise à jour le {formatDate(latest.computedAt)} à {formatTime(latest.computedAt)}
          </p>
          <Alert
            severity="info"
            small
            description={
              'Il est normal que les nombres en ligne « Total » du détail par classe et par niveau ne soient ' +
              'pas les mêmes que ceux du tableau de synthèse. En effet un même responsable peut avoir ' +
              'plusieurs enfants dans la même école, dans des classes et des niveaux différents.'
            }
          />
          <ActivationChart points={history} />
        </>
      )}
    </>
  );
}
