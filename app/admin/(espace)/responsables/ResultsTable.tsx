'use client';

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { createModal } from '@codegouvfr/react-dsfr/Modal';
import { Link } from '@/app/_components/Link';
import { useActionState, useMemo, useState } from 'react';
import type { AccountRow } from '@/lib/accounts/search-accounts';
import { ActionMenu } from '../../_components/ActionMenu';
import { StateLabel } from '../../_components/StateLabel';
import { notifyRows, resetRows } from './actions';
import { MESSAGES, type ChannelValue } from './messages';
import { confirmButtons, NotifyMenu, ResetNote } from './NotifyControls';
import { NotifyOutcomeView } from './NotifyOutcomeView';

/**
 * One row of the results as data, its cells drawn here: the page sends 50 of them, lighter than the
 * same cells sent as rendered elements (DECISIONS « The weight of a page »). The search's row, with
 * the origin as its label and the dates already written as the guide writes them (lib/format.ts), or empty.
 */
export type ResultRow = Pick<
  AccountRow,
  'accountId' | 'eleve' | 'classe' | 'responsable' | 'identifiant' | 'messagerie' | 'etat'
> & {
  /** `pupilId:accountId`, the value posted for a selected row. */
  key: string;
  origine: string;
  distribution: string;
  acces: string;
};

const rowLabel = (r: ResultRow) => `${r.responsable} (élève ${r.eleve})`;

function Mailbox({ known }: { known: boolean }) {
  return known ? (
    <span className="fr-icon-mail-line" title="Adresse mail connue">
      <span className="fr-sr-only">Oui</span>
    </span>
  ) : (
    <span className="fr-icon-close-line" title="Aucune adresse mail">
      <span className="fr-sr-only">Non</span>
    </span>
  );
}

/**
 * An identifiant that may go on two lines only after its dot (`j.` / `delafontaineberthelot`): a
 * compound name makes a long one, and a break anywhere else would misread it. Copied, it is unchanged.
 */
function Identifiant({ value }: { value: string }) {
  const dot = value.indexOf('.');
  if (dot < 0) return value;
  return (
    <>
      {value.slice(0, dot + 1)}
      <wbr />
      {value.slice(dot + 1)}
    </>
  );
}

export interface SortableHeader {
  label: string;
  href: string;
  sort: 'ascending' | 'descending' | 'none';
}

const notifyModal = createModal({ id: 'confirmer-notification', isOpenedByDefault: false });
const resetModal = createModal({ id: 'confirmer-reinitialisation', isOpenedByDefault: false });

/** The selected rows as the hidden fields of a form. */
function SelectedRows({ rows }: { rows: ResultRow[] }) {
  return rows.map((r) => <input key={r.key} type="hidden" name="ligne" value={r.key} />);
}

/**
 * The results of « Responsables » (guide §5.1) with the actions on the selected rows:
 * « (Re)Notifier les comptes » (§5.3.1), « Lister les comptes » (§5.4), « Modifier les comptes »
 * (§5.5.1). Each action asks the guide's confirmation in a DSFR modal, then shows its outcome.
 */
export function ResultsTable({
  headers,
  rows,
  listAction,
  back,
}: {
  headers: SortableHeader[];
  rows: ResultRow[];
  listAction: string;
  /** The search's query string, for the way back from an account's page. */
  back: string;
}) {
  const retour = `?retour=${encodeURIComponent(back)}`;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [withReset, setWithReset] = useState(false);
  const [channel, setChannel] = useState<ChannelValue>('PAPER');
  const [notified, notify, notifying] = useActionState(notifyRows, null);
  const [reset, resetAction, resetting] = useActionState(resetRows, null);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const chosen = useMemo(() => rows.filter((r) => selected.has(r.key)), [rows, selected]);
  const none = chosen.length === 0;
  const askNotify = (c: ChannelValue) => {
    setChannel(c);
    notifyModal.open();
  };
  return (
    <>
      <form id="form-notifier" action={notify}>
        <SelectedRows rows={chosen} />
        <input type="hidden" name="canal" value={channel} />
        {withReset && <input type="hidden" name="reinitialisation" value="1" />}
      </form>
      <form id="form-reinitialiser" action={resetAction}>
        <SelectedRows rows={chosen} />
      </form>
      <notifyModal.Component
        title={MESSAGES.confirmNotify(false, channel)}
        iconId="fr-icon-warning-line"
        buttons={confirmButtons('form-notifier')}
      >
        <p>{MESSAGES.resetWarning(false)}</p>
      </notifyModal.Component>
      <resetModal.Component
        title={MESSAGES.confirmResetMany}
        iconId="fr-icon-warning-line"
        buttons={confirmButtons('form-reinitialiser')}
      >
        <ResetNote />
      </resetModal.Component>
      <div className="flex flex-wrap items-center gap-4 fr-mb-2w">
        <p className="fr-mb-0" role="status" aria-live="polite">
          <strong>{chosen.length}</strong> responsable(s) sélectionné(s)
        </p>
        <NotifyMenu
          single={false}
          canReset
          withReset={withReset}
          onResetChange={setWithReset}
          disabled={none}
          onChoose={askNotify}
        />
        <ActionMenu label="Lister les comptes">
          <ul className="fr-btns-group fr-btns-group--sm">
            {(['pdf', 'csv'] as const).map((format) => (
              <li key={format}>
                <form method="post" action={`${listAction}?format=${format}`}>
                  <SelectedRows rows={chosen} />
                  <Button type="submit" priority="tertiary" disabled={none}>
                    {`Imprimer la liste des responsables (format ${format})`}
                  </Button>
                </form>
              </li>
            ))}
          </ul>
          {none && <p className="fr-text--sm fr-mb-0">{MESSAGES.selectFirst}</p>}
        </ActionMenu>
        <ActionMenu label="Modifier les comptes">
          <ul className="fr-btns-group fr-btns-group--sm">
            <li>
              <Button priority="tertiary" disabled={none} onClick={() => resetModal.open()}>
                Réinitialiser le(s) mot(s) de passe
              </Button>
            </li>
          </ul>
          {none && <p className="fr-text--sm fr-mb-0">{MESSAGES.selectFirst}</p>}
        </ActionMenu>
      </div>
      <div aria-live="polite" className="fr-mb-2w flex flex-col gap-2">
        {(notifying || resetting) && <p className="fr-mb-0">Traitement en cours…</p>}
        {!notifying && <NotifyOutcomeView result={notified} single={false} />}
        {!resetting && reset?.status === 'success' && (
          <>
            <Alert severity="success" small description={MESSAGES.resetMany} />
            {reset.data.notReset > 0 && <Alert severity="warning" small description={MESSAGES.notResetWarning} />}
          </>
        )}
        {!resetting && reset && reset.status !== 'success' && (
          <Alert severity="error" small description={reset.message} />
        )}
      </div>
      {/* Small cells; the headings, names, classes, origins and states on several lines when needed
          (`.resultats-responsables` in app/globals.css: the DSFR's `fr-cell--multiline` on each of 250
          cells weighed 6.7 KB of every page), an identifiant only after its dot, dates never. The
          columns fit the page's width from 1,280 pixels: dates and « Consulter » need no sideways
          scrolling. */}
      <div className="fr-table fr-table--sm fr-table--no-caption fr-mb-2w resultats-responsables">
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
                          aria-label={`Sélectionner ${rowLabel(r)}`}
                          checked={selected.has(r.key)}
                          onChange={() => toggle(r.key)}
                        />
                      </td>
                      <td>{r.eleve}</td>
                      <td>{r.classe}</td>
                      <td>{r.responsable}</td>
                      <td>
                        <Identifiant value={r.identifiant} />
                      </td>
                      <td>
                        <Mailbox known={r.messagerie} />
                      </td>
                      <td>{r.origine}</td>
                      <td>
                        <StateLabel state={r.etat} />
                      </td>
                      <td>{r.distribution}</td>
                      <td>{r.acces}</td>
                      <td>
                        <Link
                          href={`/admin/responsables/compte/${r.accountId}${retour}`}
                          className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-eye-line"
                          title={`Consulter le compte de ${rowLabel(r)}`}
                        >
                          Consulter le compte de {rowLabel(r)}
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
