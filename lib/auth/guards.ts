import 'server-only';
import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { auth } from '@/lib/auth/config';

export const SCHOOL_COOKIE = 'ec_etablissement';

export interface DirectedSchool {
  id: number;
  uai: string;
  name: string;
}

export interface DirectorContext {
  agent: { id: number; email: string; firstName: string; lastName: string };
  /** Every school the agent directs, by UAI. */
  schools: DirectedSchool[];
  /** The school chosen on « Accueil » (or the only one); null while none is chosen. */
  school: DirectedSchool | null;
}

/** The signed-in agent with the schools they direct, or a redirect to the sign-in page. */
export async function requireAgent(): Promise<DirectorContext> {
  const session = await auth();
  if (session?.kind !== 'agent' || !session.agentId) redirect('/admin/connexion');
  const agent = await db.agent.findFirst({
    where: { id: session.agentId, detachedAt: null },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      schools: {
        where: { school: { detachedAt: null } },
        select: { school: { select: { id: true, uai: true, name: true } } },
        orderBy: { school: { uai: 'asc' } },
      },
    },
  });
  if (!agent) redirect('/admin/connexion?erreur=inconnu');
  const schools = agent.schools.map((s) => s.school);
  const chosen = (await cookies()).get(SCHOOL_COOKIE)?.value;
  const school = schools.length === 1 ? schools[0] : (schools.find((s) => s.uai === chosen) ?? null);
  const { schools: _ignored, ...rest } = agent;
  return { agent: rest, schools, school };
}

/**
 * The director of `uai`: the signed-in agent must direct that school. Anything else answers
 * "not found", so that another school's existence is not revealed.
 */
export async function requireDirector(uai: string): Promise<DirectorContext & { school: DirectedSchool }> {
  const ctx = await requireAgent();
  const school = ctx.schools.find((s) => s.uai === uai);
  if (!school) notFound();
  return { ...ctx, school };
}
