import type { Metadata } from 'next';
import { CodeStep } from '../../_components/IdentitySteps';

export const metadata: Metadata = { title: 'Créer mon compte par SMS - Code reçu par SMS - EduConnect' };

export default function Page() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <CodeStep purpose="SIGNUP" />
    </>
  );
}
