'use client';

import { Button } from '@codegouvfr/react-dsfr/Button';
import type { FormAction } from '@/app/_lib/action';
import { ActionForm } from './ActionForm';

/**
 * A header's sign-out button, in its quick access. The DSFR's header draws the quick access twice (the
 * bar, and the menu of a phone's screen) and gives each copy its own id, which this button takes: a
 * button made by the server components was one element drawn twice, two buttons with one id.
 */
export function SignOutItem<T>({ action, label, id }: { action: FormAction<T>; label: string; id?: string }) {
  return (
    <ActionForm action={action}>
      <Button type="submit" iconId="fr-icon-logout-box-r-line" id={id}>
        {label}
      </Button>
    </ActionForm>
  );
}
