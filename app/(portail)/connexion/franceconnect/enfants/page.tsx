import type { Metadata } from 'next';
import { ChildrenStep } from '../../../_components/IdentitySteps';

export const metadata: Metadata = { title: 'Lier mon compte à FranceConnect - Vos enfants - EduConnect' };

export default function Page() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <ChildrenStep purpose="FRANCECONNECT" />
    </>
  );
}
