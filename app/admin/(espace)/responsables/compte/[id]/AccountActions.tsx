'use client';

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { createModal } from '@codegouvfr/react-dsfr/Modal';
import { useActionState, useState } from 'react';
import { ActionMenu } from '../../../../_components/ActionMenu';
import { notifyAccount, resendActivationEmail, resetAccount } from '../../actions';
import { MESSAGES, type ChannelValue } from '../../messages';
import { confirmButtons, NotifyMenu, ResetNote } from '../../NotifyControls';
import { NotifyOutcomeView } from '../../NotifyOutcomeView';

const notifyModal = createModal({ id: 'confirmer-notification-compte', isOpenedByDefault: false });
const resetModal = createModal({ id: 'confirmer-reinitialisation-compte', isOpenedByDefault: false });
const resendModal = createModal({ id: 'verifier-adresse-mail', isOpenedByDefault: false });

/**
 * The menus of the account page (guide §5.3.2, §5.5.3, §5.5.4, §5.6): the reset options are not
 * offered for an account « Non notifié », the activation e-mail only for « En cours d'activation ».
 */
export function AccountActions({
  accountId,
  state,
  email,
}: {
  accountId: number;
  state: 'NON_NOTIFIE' | 'NOTIFIE_NON_ACTIVE' | 'EN_COURS_ACTIVATION' | 'ACTIVE';
  email: string | null;
}) {
  const [channel, setChannel] = useState<ChannelValue>('PAPER');
  const [withReset, setWithReset] = useState(false);
  const [notified, notify, notifying] = useActionState(notifyAccount, null);
  const [reset, resetAction, resetting] = useActionState(resetAccount, null);
  const [resent, resend, resending] = useActionState(resendActivationEmail, null);
  const canReset = state !== 'NON_NOTIFIE';
  const askNotify = (c: ChannelValue) => {
    setChannel(c);
    notifyModal.open();
  };
  const fieldError = resent?.status === 'validation-error' ? resent.fieldErrors.email?.[0] : undefined;
  return (
    <>
      <form id="form-notifier-compte" action={notify}>
        <input type="hidden" name="compte" value={accountId} />
        <input type="hidden" name="canal" value={channel} />
        {canReset && withReset && <input type="hidden" name="reinitialisation" value="1" />}
      </form>
      <form id="form-reinitialiser-compte" action={resetAction}>
        <input type="hidden" name="compte" value={accountId} />
      </form>
      <notifyModal.Component
        title={MESSAGES.confirmNotify(true, channel)}
        iconId="fr-icon-warning-line"
        buttons={confirmButtons('form-notifier-compte')}
      >
        <p>{MESSAGES.resetWarning(true)}</p>
      </notifyModal.Component>
      <resetModal.Component
        title={MESSAGES.confirmResetOne}
        iconId="fr-icon-warning-line"
        buttons={confirmButtons('form-reinitialiser-compte')}
      >
        <ResetNote />
      </resetModal.Component>
      <resendModal.Component title={MESSAGES.checkEmail} buttons={confirmButtons('form-renvoyer-activation')}>
        <form id="form-renvoyer-activation" action={resend}>
          <input type="hidden" name="compte" value={accountId} />
          <Input
            label="Adresse mail :"
            state={fieldError ? 'error' : 'default'}
            stateRelatedMessage={fieldError}
            nativeInputProps={{
              name: 'email',
              type: 'email',
              defaultValue: email ?? '',
              autoComplete: 'off',
              required: true,
            }}
          />
        </form>
      </resendModal.Component>
      <div className="flex flex-wrap gap-4 fr-mb-3w">
        <NotifyMenu
          single
          canReset={canReset}
          withReset={withReset}
          onResetChange={setWithReset}
          disabled={false}
          onChoose={askNotify}
        />
        {canReset && (
          <ActionMenu label="Modifier le compte">
            <ul className="fr-btns-group fr-btns-group--sm">
              {canReset && (
                <li>
                  <Button priority="tertiary" onClick={() => resetModal.open()}>
                    Réinitialiser le mot de passe
                  </Button>
                </li>
              )}
              {state === 'EN_COURS_ACTIVATION' && (
                <li>
                  <Button priority="tertiary" onClick={() => resendModal.open()}>
                    Renvoyer un courriel d&apos;activation
                  </Button>
                </li>
              )}
            </ul>
          </ActionMenu>
        )}
      </div>
      <div aria-live="polite" className="fr-mb-3w flex flex-col gap-2">
        {(notifying || resetting || resending) && <p className="fr-mb-0">Traitement en cours…</p>}
        {!notifying && <NotifyOutcomeView result={notified} single />}
        {!resetting && reset?.status === 'success' && (
          <Alert severity="success" small description={MESSAGES.resetOne} />
        )}
        {!resetting && reset && reset.status !== 'success' && (
          <Alert severity="error" small description={reset.message} />
        )}
        {!resending && resent?.status === 'success' && <Alert severity="success" small description={MESSAGES.resent} />}
        {!resending && resent && resent.status !== 'success' && (
          <Alert severity="error" small description={resent.message} />
        )}
      </div>
    </>
  );
}
