'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth/config';
import { requireAgent, SCHOOL_COOKIE } from '@/lib/auth/guards';
import { appUrl } from '@/lib/config/settings';

export async function signInAgent() {
  await signIn('agents', { redirectTo: '/admin' });
}

export async function signOutAgent() {
  (await cookies()).delete(SCHOOL_COOKIE);
  await signOut({ redirectTo: '/admin/deconnexion' });
}

const chooseSchoolInput = z.object({ uai: z.string().regex(/^[0-9]{7}[A-Z]$/) });

/** « Accueil » (guide §4.1): the choice holds on every page until the next choice. */
export async function chooseSchool(formData: FormData) {
  const ctx = await requireAgent();
  const parsed = chooseSchoolInput.safeParse({ uai: formData.get('uai') });
  // An unknown or foreign UAI is treated as no choice at all: nothing to reveal.
  if (!parsed.success || !ctx.schools.some((s) => s.uai === parsed.data.uai)) redirect('/admin');
  (await cookies()).set(SCHOOL_COOKIE, parsed.data.uai, {
    httpOnly: true,
    sameSite: 'lax',
    secure: appUrl().startsWith('https://'),
    path: '/admin',
  });
  redirect('/admin');
}
