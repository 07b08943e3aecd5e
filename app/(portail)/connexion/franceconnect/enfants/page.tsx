import type { Metadata } from 'next';
import { ChildrenStep, identityStepTitle } from '../../../_components/IdentitySteps';

export const metadata: Metadata = { title: identityStepTitle('FRANCECONNECT', 3) };

export default function Page() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <ChildrenStep purpose="FRANCECONNECT" />
    </>
  );
}
