'use client';

import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import type { ModalProps } from '@codegouvfr/react-dsfr/Modal';
import { ActionMenu } from '../../_components/ActionMenu';
import { MESSAGES, type ChannelValue } from './messages';

/** « Annuler » / « Valider » of a confirmation dialog; « Valider » submits the form `formId`. */
export const confirmButtons = (
  formId: string,
): [ModalProps.ActionAreaButtonProps, ModalProps.ActionAreaButtonProps] => [
  { children: 'Annuler', priority: 'secondary' },
  { children: 'Valider', type: 'submit', nativeButtonProps: { form: formId } },
];

/** Guide §5.5: what a reset does, in the reset dialogs. */
export function ResetNote() {
  return (
    <p>
      Le nouveau mot de passe attribué est provisoire et le responsable devra le changer lors de sa prochaine connexion
      aux services en lignes.
    </p>
  );
}

/**
 * « (Re)Notifier les comptes » (§5.3.1) or « (Re)Notifier le compte » (§5.3.2): « Avec
 * réinitialisation du mot de passe » (when offered) and the two channels.
 */
export function NotifyMenu({
  single,
  canReset,
  withReset,
  onResetChange,
  disabled,
  onChoose,
}: {
  single: boolean;
  canReset: boolean;
  withReset: boolean;
  onResetChange: (checked: boolean) => void;
  disabled: boolean;
  onChoose: (channel: ChannelValue) => void;
}) {
  return (
    <ActionMenu label={single ? '(Re)Notifier le compte' : '(Re)Notifier les comptes'}>
      {canReset && (
        <Checkbox
          small
          className="fr-mb-2w"
          options={[
            {
              label: 'Avec réinitialisation du mot de passe',
              nativeInputProps: { checked: withReset, onChange: (e) => onResetChange(e.target.checked) },
            },
          ]}
        />
      )}
      <ul className="fr-btns-group fr-btns-group--sm">
        <li>
          <Button priority="tertiary" disabled={disabled} onClick={() => onChoose('PAPER')}>
            {single ? 'Par feuille individuelle imprimable' : 'Par feuilles individuelles imprimables'}
          </Button>
        </li>
        <li>
          <Button priority="tertiary" disabled={disabled} onClick={() => onChoose('EMAIL')}>
            Par envoi de courriers électroniques
          </Button>
        </li>
      </ul>
      {disabled && <p className="fr-text--sm fr-mb-0">{MESSAGES.selectFirst}</p>}
    </ActionMenu>
  );
}
