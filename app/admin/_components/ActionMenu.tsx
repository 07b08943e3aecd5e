'use client';

import { Button } from '@codegouvfr/react-dsfr/Button';
import { useId, useState, type ReactNode } from 'react';

/** A disclosure menu of actions (guide: « (Re)Notifier les comptes », « Lister les comptes »…); Échap closes it. */
export function ActionMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="relative" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <Button
        priority="secondary"
        size="small"
        iconId="fr-icon-arrow-down-s-line"
        iconPosition="right"
        nativeButtonProps={{ 'aria-expanded': open, 'aria-controls': id }}
        onClick={() => setOpen(!open)}
      >
        {label}
      </Button>
      <div
        id={id}
        hidden={!open}
        // Choosing an action closes the menu (its outcome shows below it); ticking an option does not.
        onClick={(e) => (e.target as HTMLElement).closest('button') && setOpen(false)}
        className="absolute z-10 fr-p-2w fr-mt-1v"
        style={{ background: 'var(--background-default-grey)', boxShadow: 'var(--raised-shadow)', minWidth: '22rem' }}
      >
        {children}
      </div>
    </div>
  );
}
