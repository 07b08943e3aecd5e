'use client';

import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { createContext, useActionState, useContext, type ReactNode } from 'react';
import type { ActionResult, FormAction } from '@/app/_lib/action';

/** The last answer of the form's action, for its fields (inline errors, typed values kept). */
const FormResult = createContext<ActionResult<unknown> | null>(null);

const numbers = new WeakMap<object, number>();
let lastNumber = 0;
function answerNumber(o: object): number {
  if (!numbers.has(o)) numbers.set(o, ++lastNumber);
  return numbers.get(o)!;
}

export function useFormResult() {
  const result = useContext(FormResult);
  return {
    errorOf: (name: string) =>
      result?.status === 'validation-error' ? result.fieldErrors[name]?.join(' ') : undefined,
    valueOf: (name: string) => (result && result.status !== 'success' ? result.values[name] : undefined),
    /** Changes at each answer, so that fields re-mount with the typed values (React empties the form). */
    version: result ? answerNumber(result) : 0,
  };
}

/**
 * A form posting to a server action built with `app/_lib/action.ts`: it works without
 * JavaScript, shows the action's French message when it refuses (DSFR alert, announced), and
 * gives its fields their own messages (`app/_components/fields.tsx`).
 */
export function ActionForm<T>({
  action,
  children,
  className,
  success,
}: {
  action: FormAction<T>;
  children: ReactNode;
  className?: string;
  /** Shown once the action succeeded (when it does not redirect). */
  success?: ReactNode;
}) {
  const [result, formAction] = useActionState(action, null);
  return (
    <FormResult.Provider value={result as ActionResult<unknown> | null}>
      <form action={formAction} className={className} noValidate>
        {children}
        <div aria-live="polite">
          {result && result.status !== 'success' && (
            <Alert severity="error" small description={result.message} className="fr-mt-2w" />
          )}
          {result?.status === 'success' && success}
        </div>
      </form>
    </FormResult.Provider>
  );
}
