import 'server-only';
import { cookies } from 'next/headers';
import { recordRefusal } from '@/lib/audit/record-audit';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/lib/db';
import { agentToken } from '@/lib/auth/agent-token';
import { GUARDIAN_SESSION_COOKIE, portalCookieName, readGuardianSession } from '@/lib/auth/guardian-sessions';
import type { GuardianSessionStage } from '@/lib/generated/prisma/enums';

/**
 * The guards of every page, route handler and server action (DESIGN.md §11): authorisation is
 * checked where the data is read or changed, never only in a layout. Each is cached for the
 * request, so a layout and its page ask the database once.
 */

export const SCHOOL_COOKIE = 'ec_etablissement';

export interface DirectedSchool {
  id: number;
  uai: string;
  name: string;
}

export interface AgentContext {
  agent: { id: number; email: string; firstName: string; lastName: string };
  /** Every school the agent directs according to the directory, by UAI. */
  schools: DirectedSchool[];
  /** The school chosen on « Accueil » (or the only one); null while none is chosen. */
  school: DirectedSchool | null;
}

export interface SchoolContext extends AgentContext {
  school: DirectedSchool;
}

/** A director's session row that still counts (not ended by « Déconnexion », not past its 8 hours). */
const liveAgentSession = (sid: string) => ({ id: sid, expiresAt: { gt: new Date() } });

/** Whether the browser holds a live director's session (the sign-in page sends it on to « Accueil »). */
export async function hasAgentSession(): Promise<boolean> {
  const token = await agentToken();
  if (token?.kind !== 'agent' || !token.agentId || !token.sid) return false;
  return (await db.agentSession.count({ where: { ...liveAgentSession(token.sid), agentId: token.agentId } })) > 0;
}

interface AgentRow {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  /** Whether the session of the cookie is still live. */
  live: boolean;
  /** The schools still in the directory that the agent directs, by UAI. */
  schools: DirectedSchool[];
}

/**
 * The agent of a session, still in the directory, whether that session still counts, and the schools
 * they direct: one statement (every admin page asks it first; Prisma's nested read took four).
 */
async function readAgent(agentId: number, sid: string): Promise<AgentRow | null> {
  const [row] = await db.$queryRaw<AgentRow[]>`
    select a.id, a.email, a.first_name as "firstName", a.last_name as "lastName",
           exists (select 1 from agent_session s
                    where s.id = ${sid} and s.agent_id = a.id and s.expires_at > ${new Date()}) as live,
           coalesce((select json_agg(json_build_object('id', sc.id, 'uai', sc.uai, 'name', sc.name) order by sc.uai)
                       from agent_school x join school sc on sc.id = x.school_id
                      where x.agent_id = a.id and sc.detached_at is null), '[]'::json) as schools
      from agent a
     where a.id = ${agentId} and a.detached_at is null`;
  return row ?? null;
}

/** The signed-in agent, still in the directory, with the schools they direct; else the sign-in page. */
export const requireAgent = cache(async (): Promise<AgentContext> => {
  const token = await agentToken();
  if (token?.kind !== 'agent' || !token.agentId || !token.sid) redirect('/admin/connexion');
  const agent = await readAgent(token.agentId, token.sid);
  if (!agent) redirect('/admin/connexion?erreur=inconnu');
  // The cookie counts only while its server-side session lives (ended by « Déconnexion »).
  if (!agent.live) redirect('/admin/connexion');
  const { schools, live: _live, ...rest } = agent;
  // The cookie only names a choice; it is honoured only for a school the directory says they direct.
  const chosen = (await cookies()).get(SCHOOL_COOKIE)?.value;
  const school = schools.length === 1 ? schools[0] : (schools.find((s) => s.uai === chosen) ?? null);
  if (chosen && schools.length > 1 && !school) {
    // A school cookie naming a school they do not direct (forged, or the directory changed).
    await recordRefusal({ agentId: agent.id, schoolId: null, target: `école ${chosen.slice(0, 20)}` });
  }
  return { agent: rest, schools, school };
});

/**
 * The signed-in director and the school they chose on « Accueil » (guide §4.1). Without a
 * choice, back to « Accueil », which says to choose first.
 */
export const requireSchool = cache(async (): Promise<SchoolContext> => {
  const ctx = await requireAgent();
  if (!ctx.school) redirect('/admin?ecole=choisir');
  return { ...ctx, school: ctx.school };
});

export interface GuardianContext {
  account: { id: number; identifiant: string };
  /** The session's cookie token (a password change replaces it). */
  token: string;
  franceConnectIdToken: string | null;
}

const guardianSession = cache(async () => {
  const token = (await cookies()).get(portalCookieName(GUARDIAN_SESSION_COOKIE))?.value;
  const session = await readGuardianSession(token);
  return session && token ? { ...session, token } : null;
});

async function guardianAt(stage: GuardianSessionStage): Promise<GuardianContext> {
  const session = await guardianSession();
  // « Votre session a expiré » only to someone who had one; a first visit (a bookmark, a link) just signs in.
  const expired = (await cookies()).has(portalCookieName(GUARDIAN_SESSION_COOKIE));
  if (!session) redirect(expired ? '/connexion?session=expiree' : '/connexion');
  if (session.stage !== stage) redirect(STAGE_PAGES[session.stage]);
  // readGuardianSession already checked that the account is live (not merged, not deleted).
  return {
    account: { id: session.accountId, identifiant: session.identifiant },
    token: session.token,
    franceConnectIdToken: session.franceConnectIdToken,
  };
}

/** Where each stage of a session belongs. */
export const STAGE_PAGES: Record<GuardianSessionStage, string> = {
  SIGNED_IN: '/mon-compte',
  MUST_ACTIVATE: '/connexion/premiere-connexion',
  MUST_CHANGE_PASSWORD: '/connexion/nouveau-mot-de-passe',
  AWAITING_ACTIVATION: '/connexion/courriel-envoye',
};

/** The signed-in guardian (a full session, whose account is live); else the sign-in page. */
export const requireGuardian = cache(() => guardianAt('SIGNED_IN'));

/** A session opened with the letter's provisional password: only the first login's form. */
export const requireFirstLogin = cache(() => guardianAt('MUST_ACTIVATE'));

/** A session opened with a provisional password after a reset: only a new password. */
export const requirePasswordChoice = cache(() => guardianAt('MUST_CHANGE_PASSWORD'));

/** A session of an account waiting for its C07 click: only where the e-mail went, and a new one. */
export const requireAwaitingActivation = cache(() => guardianAt('AWAITING_ACTIVATION'));

/** The stage of the browser's session, if any (the sign-in page sends a signed-in guardian on). */
export async function currentGuardianStage(): Promise<GuardianSessionStage | null> {
  return (await guardianSession())?.stage ?? null;
}
