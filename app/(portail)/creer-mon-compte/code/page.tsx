import type { Metadata } from 'next';
import { CodeStep, identityStepTitle } from '../../_components/IdentitySteps';

export const metadata: Metadata = { title: identityStepTitle('SIGNUP', 2) };

export default function Page() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <CodeStep purpose="SIGNUP" />
    </>
  );
}
