import type { Metadata } from 'next';
import { FinishStep } from '../../_components/IdentitySteps';

export const metadata: Metadata = { title: 'Créer mon compte par SMS - Fin - EduConnect' };

export default function Page() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <FinishStep purpose="SIGNUP" />
    </>
  );
}
