import { stateLabels } from '@/lib/accounts/labels';
import type { AccountState } from '@/lib/generated/prisma/enums';

const colors: Record<AccountState, string> = {
  NON_NOTIFIE: 'var(--text-default-error)',
  NOTIFIE_NON_ACTIVE: 'var(--text-default-warning)',
  EN_COURS_ACTIVATION: 'var(--text-default-info)',
  ACTIVE: 'var(--text-default-success)',
};

/** « ● Activé »: the guide's coloured dot, decorative, before the state's name. */
export function StateLabel({ state }: { state: AccountState }) {
  return (
    <span className="whitespace-nowrap">
      <span aria-hidden="true" style={{ color: colors[state] }}>
        ●
      </span>{' '}
      {stateLabels[state]}
    </span>
  );
}
