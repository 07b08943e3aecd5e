import type { Metadata } from 'next';
import { FinishStep, identityStepTitle } from '../../../_components/IdentitySteps';

export const metadata: Metadata = { title: identityStepTitle('FRANCECONNECT', 4) };

export default function Page() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <FinishStep purpose="FRANCECONNECT" />
    </>
  );
}
