import type { Metadata } from 'next';
import { CodeStep } from '../../../_components/IdentitySteps';

export const metadata: Metadata = { title: 'Lier mon compte à FranceConnect - Code reçu par SMS - EduConnect' };

export default function Page() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <CodeStep purpose="FRANCECONNECT" />
    </>
  );
}
