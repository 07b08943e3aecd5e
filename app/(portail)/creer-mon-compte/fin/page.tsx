import type { Metadata } from 'next';
import { FinishStep, identityStepTitle } from '../../_components/IdentitySteps';

export const metadata: Metadata = { title: identityStepTitle('SIGNUP', 4) };

export default function Page() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <FinishStep purpose="SIGNUP" />
    </>
  );
}
