import { stateLabels } from '@/lib/accounts/labels';
import type { AccountState } from '@/lib/generated/prisma/enums';

const colors: Record<AccountState, string> = {
  NON_NOTIFIE: 'var(--text-default-error)',
  NOTIFIE_NON_ACTIVE: 'var(--text-default-warning)',
  EN_COURS_ACTIVATION: 'var(--text-default-info)',
  ACTIVE: 'var(--text-default-success)',
};

/**
 * « ● Activé »: the guide's coloured dot, decorative, before the state's name. The dot stays with
 * the name's first word; a narrow column may put « non activé » on a second line.
 */
export function StateLabel({ state }: { state: AccountState }) {
  return (
    <span>
      <span aria-hidden="true" style={{ color: colors[state] }}>
        ●
      </span>
      {'\u00a0'}
      {stateLabels[state]}
    </span>
  );
}
