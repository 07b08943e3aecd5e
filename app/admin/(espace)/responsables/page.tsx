import type { Metadata } from 'next';
import Link from 'next/link';
import { originLabels } from '@/lib/accounts/labels';
import {
  criteriaQuery,
  PAGE_SIZE,
  parseCriteria,
  schoolClasses,
  searchAccounts,
  type SortKey,
} from '@/lib/accounts/search-accounts';
import { requireAgent } from '@/lib/auth/guards';
import { formatDate } from '@/lib/format';
import { NoSchoolChosen } from '../../_components/NoSchoolChosen';
import { StateLabel } from '../../_components/StateLabel';
import { ResultsTable } from './ResultsTable';
import { SearchForm } from './SearchForm';

export const metadata: Metadata = { title: 'Responsables - Administration des comptes' };

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

export default async function Responsables({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { school } = await requireAgent();
  if (!school) {
    return (
      <>
        <h1>Gestion des comptes responsables</h1>
        <NoSchoolChosen />
      </>
    );
  }
  const { searched, criteria } = parseCriteria(await searchParams);
  const classes = await schoolClasses({ schoolId: school.id });
  const result = searched ? await searchAccounts({ schoolId: school.id, criteria }) : null;
  const back = criteriaQuery(criteria, { page: 1 });

  return (
    <>
      <h1>Gestion des comptes responsables</h1>
      <SearchForm criteria={criteria} classes={classes} />
      {result && result.total === 0 && (
        <div className="fr-alert fr-alert--warning fr-alert--sm" role="alert">
          <p>
            Attention ! Aucun responsable ne correspond à vos critères de sélection. Veuillez modifier votre demande.
          </p>
        </div>
      )}
      {result && result.total > 0 && (
        <section aria-label="Résultats de la recherche">
          <ResultsTable
            csvAction="/admin/responsables/liste?format=csv"
            headers={columns.map((c) => {
              const active = criteria.tri === c.key;
              const next = active && criteria.ordre === 'asc' ? 'desc' : 'asc';
              return {
                label: c.label,
                href: `/admin/responsables?${criteriaQuery(criteria, { tri: c.key, ordre: next, page: 1 })}`,
                sort: active ? (criteria.ordre === 'asc' ? 'ascending' : 'descending') : 'none',
              };
            })}
            rows={result.rows.map((r) => ({
              key: `${r.pupilId}:${r.accountId}`,
              label: `${r.responsable} (élève ${r.eleve})`,
              href: `/admin/responsables/compte/${r.accountId}?retour=${encodeURIComponent(back)}`,
              cells: [
                r.eleve,
                r.classe,
                r.responsable,
                r.identifiant,
                r.messagerie ? (
                  <span className="fr-icon-mail-line" title="Adresse mail connue">
                    <span className="fr-sr-only">Oui</span>
                  </span>
                ) : (
                  <span className="fr-icon-close-line" title="Aucune adresse mail">
                    <span className="fr-sr-only">Non</span>
                  </span>
                ),
                originLabels[r.origine],
                <StateLabel key="etat" state={r.etat} />,
                r.distributedAt ? formatDate(r.distributedAt) : '',
                r.lastLoginAt ? formatDate(r.lastLoginAt) : '',
              ],
            }))}
          />
          <Pager criteria={criteria} total={result.total} />
        </section>
      )}
    </>
  );
}

function Pager({ criteria, total }: { criteria: ReturnType<typeof parseCriteria>['criteria']; total: number }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(criteria.page, pages);
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  const href = (p: number) => `/admin/responsables?${criteriaQuery(criteria, { page: p })}`;
  const around = Array.from({ length: pages }, (_, i) => i + 1).filter(
    (p) => p === 1 || p === pages || Math.abs(p - page) <= 2,
  );
  return (
    <div className="flex flex-wrap items-center justify-between gap-4">
      <p className="fr-mb-0">
        {from} à {to} sur {total} élève(s)
      </p>
      <nav role="navigation" className="fr-pagination" aria-label="Pagination des résultats">
        <ul className="fr-pagination__list">
          <li>
            {page > 1 ? (
              <Link
                className="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
                href={href(page - 1)}
              >
                Précédent
              </Link>
            ) : (
              <a
                className="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
                aria-disabled="true"
                role="link"
              >
                Précédent
              </a>
            )}
          </li>
          {around.map((p, i) => (
            <li key={p}>
              {i > 0 && around[i - 1] !== p - 1 && <span className="fr-pagination__link fr-displayed-lg">…</span>}
              <Link
                className="fr-pagination__link"
                href={href(p)}
                aria-current={p === page ? 'page' : undefined}
                title={`Page ${p}`}
              >
                {p}
              </Link>
            </li>
          ))}
          <li>
            {page < pages ? (
              <Link
                className="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
                href={href(page + 1)}
              >
                Suivant
              </Link>
            ) : (
              <a
                className="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
                aria-disabled="true"
                role="link"
              >
                Suivant
              </a>
            )}
          </li>
        </ul>
      </nav>
    </div>
  );
}
