'use client';

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useState } from 'react';
import type { ActionResult } from '@/app/_lib/action';
import type { NotifyOutcome } from '@/lib/accounts/notify-accounts';
import { MESSAGES } from './messages';

interface Progress {
  status: string;
  done: number;
  total: number;
  ready: boolean;
}

/** Polls a batch processed by a job until it is done (DSFR-styled progress, announced politely). */
function useBatchProgress(batchId: number | null, pending: boolean): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!batchId || !pending) return;
    let stopped = false;
    const tick = async () => {
      const res = await fetch(`/admin/responsables/courriers/${batchId}/etat`, { cache: 'no-store' });
      if (!res.ok || stopped) return;
      const p = (await res.json()) as Progress;
      setProgress(p);
      if (p.status !== 'DONE' && p.status !== 'FAILED') setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, [batchId, pending]);
  return progress;
}

/** Guardians an e-mail notification left out, named as the guide names those without an address. */
function NotDistributed({ intro, names, hint }: { intro: string; names: string[]; hint: string }) {
  return (
    <Alert
      severity="error"
      small
      description={
        <>
          {intro}
          <br />
          {names.join(' , ')}
          <br />
          {hint}
        </>
      }
    />
  );
}

/** What a (re)notification answers (guide §5.3.1 and §5.3.2), word for word. */
export function NotifyOutcomeView({ result, single }: { result: ActionResult<NotifyOutcome> | null; single: boolean }) {
  const outcome = result?.status === 'success' ? result.data : null;
  const progress = useBatchProgress(outcome?.batchId ?? null, outcome?.pending ?? false);
  if (!result) return null;
  if (result.status !== 'success') {
    const code = result.status === 'domain-error' ? result.code : null;
    const description =
      code === 'NO_EMAIL_FOR_ACCOUNT'
        ? `${MESSAGES.withoutEmailOne} ${MESSAGES.withoutEmailOneHint}`
        : code === 'EMAIL_REFUSED_FOR_ACCOUNT'
          ? `${result.message} ${MESSAGES.addressRefusedOneHint}`
          : result.message;
    return <Alert severity="error" small description={description} />;
  }
  const o = result.data;
  const done = !o.pending || progress?.status === 'DONE';
  const failed = progress?.status === 'FAILED';
  const link =
    o.channel === 'PAPER' && o.batchId && done ? (
      <a href={`/admin/responsables/courriers/${o.batchId}`} target="_blank" rel="noopener">
        {MESSAGES.download}
      </a>
    ) : null;
  return (
    <div className="flex flex-col gap-2">
      {o.batchId && failed && <Alert severity="error" small description={MESSAGES.batchFailed(o.channel)} />}
      {o.batchId && !done && !failed && (
        <div role="status">
          <label htmlFor={`lot-${o.batchId}`} className="fr-label">
            Préparation des courriers : {progress?.done ?? 0} / {o.total} courriers
          </label>
          <progress id={`lot-${o.batchId}`} max={o.total} value={progress?.done ?? 0} className="w-full" />
        </div>
      )}
      {o.batchId && done && (
        <Alert
          severity="success"
          small
          description={
            single ? (
              <>
                {MESSAGES.distributedOne} {link}
              </>
            ) : link ? (
              <>
                {MESSAGES.distributedMany} : {link}
              </>
            ) : (
              `${MESSAGES.distributedMany}.`
            )
          }
        />
      )}
      {o.notReset > 0 && <Alert severity="warning" small description={MESSAGES.notResetWarning} />}
      {o.withoutEmail.length > 0 && (
        <NotDistributed
          intro={MESSAGES.withoutEmailMany(o.withoutEmail.length)}
          names={o.withoutEmail}
          hint={MESSAGES.withoutEmailManyHint}
        />
      )}
      {o.addressRefused.length > 0 && (
        <NotDistributed
          intro={MESSAGES.addressRefusedMany(o.addressRefused.length)}
          names={o.addressRefused}
          hint={MESSAGES.addressRefusedManyHint}
        />
      )}
    </div>
  );
}
