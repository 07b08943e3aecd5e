import type { Metadata } from 'next';
import { requireAgent } from '@/lib/auth/guards';
import { NoSchoolChosen } from '../../_components/NoSchoolChosen';

export const metadata: Metadata = { title: 'Responsables - Administration des comptes' };

export default async function Responsables() {
  const { school } = await requireAgent();
  return (
    <>
      <h1>Gestion des comptes responsables</h1>
      {!school && <NoSchoolChosen />}
    </>
  );
}
