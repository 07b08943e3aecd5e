'use client';

import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';

export interface ResultRow {
  key: string;
  cells: ReactNode[];
  label: string;
  href: string;
}

export interface SortableHeader {
  label: string;
  href: string;
  sort: 'ascending' | 'descending' | 'none';
}

/** A disclosure menu of actions on the selection (DSFR buttons; Échap closes it). */
function ActionMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = `menu-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="relative" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        className="fr-btn fr-btn--secondary fr-btn--sm"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      <div
        id={id}
        hidden={!open}
        className="absolute z-10 fr-p-2w fr-mt-1v"
        style={{ background: 'var(--background-default-grey)', boxShadow: 'var(--raised-shadow)', minWidth: '20rem' }}
      >
        {children}
      </div>
    </div>
  );
}

export function ResultsTable({
  headers,
  rows,
  csvAction,
}: {
  headers: SortableHeader[];
  rows: ResultRow[];
  csvAction: string;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const chosen = useMemo(() => rows.filter((r) => selected.has(r.key)), [rows, selected]);
  const notYet = 'Disponible avec la notification des comptes';
  return (
    <>
      <div className="flex flex-wrap items-center gap-4 fr-mb-2w">
        <p className="fr-mb-0" role="status" aria-live="polite">
          <strong>{chosen.length}</strong> responsable(s) sélectionné(s)
        </p>
        <ActionMenu label="(Re)Notifier les comptes">
          <div className="fr-checkbox-group fr-checkbox-group--sm fr-mb-1w">
            <input type="checkbox" id="avec-reinit" disabled />
            <label className="fr-label" htmlFor="avec-reinit">
              Avec réinitialisation du mot de passe
            </label>
          </div>
          <ul className="fr-btns-group fr-btns-group--sm">
            <li>
              <button type="button" className="fr-btn fr-btn--tertiary" disabled title={notYet}>
                Par feuilles individuelles imprimables
              </button>
            </li>
            <li>
              <button type="button" className="fr-btn fr-btn--tertiary" disabled title={notYet}>
                Par envoi de courriers électroniques
              </button>
            </li>
          </ul>
        </ActionMenu>
        <ActionMenu label="Lister les comptes">
          <form method="post" action={csvAction}>
            {chosen.map((r) => (
              <input key={r.key} type="hidden" name="ligne" value={r.key} />
            ))}
            <ul className="fr-btns-group fr-btns-group--sm">
              <li>
                <button type="button" className="fr-btn fr-btn--tertiary" disabled title={notYet}>
                  Imprimer la liste des responsables (format pdf)
                </button>
              </li>
              <li>
                <button type="submit" className="fr-btn fr-btn--tertiary" disabled={chosen.length === 0}>
                  Imprimer la liste des responsables (format csv)
                </button>
              </li>
            </ul>
            {chosen.length === 0 && (
              <p className="fr-text--sm fr-mb-0">Vous devez sélectionner un ou plusieurs comptes.</p>
            )}
          </form>
        </ActionMenu>
        <ActionMenu label="Modifier les comptes">
          <ul className="fr-btns-group fr-btns-group--sm">
            <li>
              <button type="button" className="fr-btn fr-btn--tertiary" disabled title={notYet}>
                Réinitialiser le(s) mot(s) de passe
              </button>
            </li>
          </ul>
        </ActionMenu>
      </div>
      <div className="fr-table fr-table--no-caption fr-mb-2w">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table>
                <caption>Comptes des responsables</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Sélectionner tous les responsables de la page"
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.key)))}
                      />
                    </th>
                    {headers.map((h) => (
                      <th key={h.label} scope="col" aria-sort={h.sort}>
                        <Link href={h.href} className="fr-link">
                          {h.label}
                          <span className="fr-sr-only">
                            {h.sort === 'ascending'
                              ? ' (trié par ordre croissant, cliquer pour l’ordre décroissant)'
                              : h.sort === 'descending'
                                ? ' (trié par ordre décroissant, cliquer pour l’ordre croissant)'
                                : ' (cliquer pour trier)'}
                          </span>
                          {h.sort !== 'none' && <span aria-hidden="true">{h.sort === 'ascending' ? ' ▲' : ' ▼'}</span>}
                        </Link>
                      </th>
                    ))}
                    <th scope="col">
                      <span className="fr-sr-only">Consulter le compte</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.key} aria-selected={selected.has(r.key)}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Sélectionner ${r.label}`}
                          checked={selected.has(r.key)}
                          onChange={() => toggle(r.key)}
                        />
                      </td>
                      {r.cells.map((c, i) => (
                        <td key={i}>{c}</td>
                      ))}
                      <td>
                        <Link
                          href={r.href}
                          className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-eye-line"
                          title={`Consulter le compte de ${r.label}`}
                        >
                          Consulter le compte de {r.label}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    </>
  );
}
