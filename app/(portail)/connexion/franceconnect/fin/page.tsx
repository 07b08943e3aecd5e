import type { Metadata } from 'next';
import { FinishStep } from '../../../_components/IdentitySteps';

export const metadata: Metadata = { title: 'Lier mon compte à FranceConnect - Fin - EduConnect' };

export default function Page() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <FinishStep purpose="FRANCECONNECT" />
    </>
  );
}
