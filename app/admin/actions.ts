'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { agentAction, publicAction } from '@/app/_lib/action';
import { agentPortalLogoutUrl, closeAgentSession } from '@/lib/auth/agents';
import { agentToken } from '@/lib/auth/agent-token';
import { signIn, signOut } from '@/lib/auth/config';
import { SCHOOL_COOKIE } from '@/lib/auth/guards';
import { appUrl, servedOverHttps } from '@/lib/config/settings';

export const signInAgent = publicAction(z.object({}), async () => {
  await signIn('agents', { redirectTo: '/admin' });
  return null;
});

/**
 * « Déconnexion » (guide §2.2): the session ends here for every node, then at the agents' portal,
 * which sends the browser back to the page that confirms it.
 */
export const signOutAgent = publicAction(z.object({}), async () => {
  const closed = await closeAgentSession((await agentToken())?.sid);
  (await cookies()).delete(SCHOOL_COOKIE);
  await signOut({ redirect: false });
  redirect(await agentPortalLogoutUrl(closed?.idToken, `${appUrl()}/admin/deconnexion`));
});

/** « Accueil » (guide §4.1): the choice holds on every page until the next choice. */
export const chooseSchool = agentAction(
  z.object({ uai: z.string().regex(/^[0-9]{7}[A-Z]$/) }),
  async ({ uai }, { schools }) => {
    // A school the directory does not give this director is treated as no choice at all: nothing to reveal.
    if (!schools.some((s) => s.uai === uai)) redirect('/admin');
    (await cookies()).set(SCHOOL_COOKIE, uai, {
      httpOnly: true,
      sameSite: 'lax',
      secure: servedOverHttps(),
      path: '/admin',
    });
    redirect('/admin');
  },
);
