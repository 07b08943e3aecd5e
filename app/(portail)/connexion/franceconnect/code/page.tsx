import type { Metadata } from 'next';
import { CodeStep, identityStepTitle } from '../../../_components/IdentitySteps';

export const metadata: Metadata = { title: identityStepTitle('FRANCECONNECT', 2) };

export default function Page() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <CodeStep purpose="FRANCECONNECT" />
    </>
  );
}
