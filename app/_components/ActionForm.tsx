'use client';

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useActionState, type ReactNode } from 'react';
import type { FormAction } from '@/app/_lib/action';

/**
 * A form posting to a server action built with `app/_lib/action.ts`: it works without
 * JavaScript, and shows the action's French message when it refuses (DSFR alert, announced).
 */
export function ActionForm<T>({
  action,
  children,
  className,
}: {
  action: FormAction<T>;
  children: ReactNode;
  className?: string;
}) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className}>
      {children}
      <div aria-live="polite">
        {result && result.status !== 'success' && (
          <Alert severity="error" small description={result.message} className="fr-mt-2w" />
        )}
      </div>
    </form>
  );
}
