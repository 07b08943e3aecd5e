'use server';

import { revalidatePath } from 'next/cache';
import { requireAgent } from '@/lib/auth/guards';
import { requestSchoolStats } from '@/lib/stats/stats-page';

/** « Calculer les statistiques » for the school chosen on « Accueil ». */
export async function computeStatsAction() {
  const { school } = await requireAgent();
  if (!school) return;
  await requestSchoolStats({ schoolId: school.id });
  revalidatePath('/admin/statistiques');
}
