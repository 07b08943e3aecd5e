import type { Metadata } from 'next';
import { ChildrenStep } from '../../_components/IdentitySteps';

export const metadata: Metadata = { title: 'Créer mon compte par SMS - Vos enfants - EduConnect' };

export default function Page() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <ChildrenStep purpose="SIGNUP" />
    </>
  );
}
