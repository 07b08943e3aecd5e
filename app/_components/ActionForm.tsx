'use client';

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useActionState, type ReactNode } from 'react';
import type { ActionResult, FormAction } from '@/app/_lib/action';

/**
 * A form posting to a server action built with `app/_lib/action.ts`: it works without
 * JavaScript, and shows the action's French message when it refuses (DSFR alert, announced).
 */
export function ActionForm<T>({
  action,
  children,
  className,
  onResult,
}: {
  action: FormAction<T>;
  children: ReactNode;
  className?: string;
  onResult?: (result: ActionResult<T>) => ReactNode;
}) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className}>
      {children}
      <div aria-live="polite">
        {result && onResult?.(result)}
        {result && result.status !== 'success' && (
          <Alert severity="error" small description={result.message} className="fr-mt-2w" />
        )}
      </div>
    </form>
  );
}
