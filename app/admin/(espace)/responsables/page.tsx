import type { Metadata } from 'next';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { addPaginationTranslations, Pagination } from '@codegouvfr/react-dsfr/Pagination';
import { originLabels } from '@/lib/accounts/labels';
import { schoolClasses, searchAccounts } from '@/lib/accounts/search-accounts';
import { PAGE_SIZE, type SearchCriteria, type SortKey } from '@/lib/accounts/search-criteria';
import { requireSchool } from '@/lib/auth/guards';
import { formatDate } from '@/lib/format';
import { ResultsTable } from './ResultsTable';
import { SearchForm } from './SearchForm';
import { criteriaQuery, parseCriteria, searchHref, type SearchParams } from './search-url';

export const metadata: Metadata = { title: 'Responsables - Administration des comptes' };

// The guide's words for paging (§5.1: « Précédent 1 Suivant »).
addPaginationTranslations({ lang: 'fr', messages: { 'previous page': 'Précédent', 'next page': 'Suivant' } });

const columns: { key: SortKey; label: string }[] = [
  { key: 'eleve', label: 'Élève' },
  { key: 'classe', label: 'Classe' },
  { key: 'responsable', label: 'Responsable' },
  { key: 'identifiant', label: 'Identifiant' },
  { key: 'messagerie', label: 'Messagerie' },
  { key: 'origine', label: 'Origine du compte' },
  { key: 'etat', label: 'État de compte' },
  { key: 'distribution', label: 'Date de distribution' },
  { key: 'acces', label: 'Date de dernier accès' },
];

export default async function Responsables({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { school } = await requireSchool();
  const { searched, criteria, problem } = parseCriteria(await searchParams);
  // Two independent reads: one round trip of waiting, not two.
  const [classes, result] = await Promise.all([
    schoolClasses({ schoolId: school.id }),
    searched ? searchAccounts({ schoolId: school.id, criteria }) : null,
  ]);
  const back = criteriaQuery(criteria, { page: 1 });

  return (
    <>
      <h1>Gestion des comptes responsables</h1>
      <SearchForm criteria={criteria} classes={classes} textError={problem} />
      {result && result.total === 0 && (
        <Alert
          severity="warning"
          small
          description={
            'Attention ! Aucun responsable ne correspond à vos critères de sélection. ' +
            'Veuillez modifier votre demande.'
          }
        />
      )}
      {result && result.total > 0 && (
        <section aria-label="Résultats de la recherche">
          <ResultsTable
            listAction="/admin/responsables/liste"
            headers={columns.map((c) => {
              const active = criteria.tri === c.key;
              const next = active && criteria.ordre === 'asc' ? 'desc' : 'asc';
              return {
                label: c.label,
                href: searchHref(criteria, { tri: c.key, ordre: next, page: 1 }),
                sort: active ? (criteria.ordre === 'asc' ? 'ascending' : 'descending') : 'none',
              };
            })}
            rows={result.rows.map(({ pupilId, origine, distributedAt, lastLoginAt, ...row }) => ({
              ...row,
              key: `${pupilId}:${row.accountId}`,
              origine: originLabels[origine],
              distribution: distributedAt ? formatDate(distributedAt) : '',
              acces: lastLoginAt ? formatDate(lastLoginAt) : '',
            }))}
            back={back}
          />
          <Pager criteria={criteria} total={result.total} />
        </section>
      )}
    </>
  );
}

function Pager({ criteria, total }: { criteria: SearchCriteria; total: number }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(criteria.page, pages);
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  return (
    <div className="flex flex-wrap items-center justify-between gap-4">
      <p className="fr-mb-0">
        {from} à {to} sur {total} élève(s)
      </p>
      <Pagination
        count={pages}
        defaultPage={page}
        showFirstLast={false}
        getPageLinkProps={(p) => ({ href: searchHref(criteria, { page: p }) })}
      />
    </div>
  );
}
