import type { Metadata } from 'next';
import { ChildrenStep, identityStepTitle } from '../../_components/IdentitySteps';

export const metadata: Metadata = { title: identityStepTitle('SIGNUP', 3) };

export default function Page() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <ChildrenStep purpose="SIGNUP" />
    </>
  );
}
