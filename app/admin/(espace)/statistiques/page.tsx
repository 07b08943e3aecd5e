import type { Metadata } from 'next';
import { requireAgent } from '@/lib/auth/guards';
import { NoSchoolChosen } from '../../_components/NoSchoolChosen';

export const metadata: Metadata = { title: 'Statistiques - Administration des comptes' };

export default async function Statistiques() {
  const { school } = await requireAgent();
  return (
    <>
      <h1>Statistiques pour les comptes responsables</h1>
      {!school && <NoSchoolChosen />}
    </>
  );
}
