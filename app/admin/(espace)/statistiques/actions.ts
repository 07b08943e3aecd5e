'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { schoolAction } from '@/app/_lib/action';
import { requestSchoolStats } from '@/lib/stats/stats-page';

/** « Calculer les statistiques » for the school chosen on « Accueil ». */
export const computeStatsAction = schoolAction(z.object({}), async (_input, { school }) => {
  await requestSchoolStats({ schoolId: school.id });
  revalidatePath('/admin/statistiques');
  return null;
});
