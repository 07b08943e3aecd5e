import { purgeAgentSessions } from '@/lib/auth/agents';
import { purgePortalRequests } from '@/lib/portal/portal-requests';
import { purgePortalState } from '@/lib/portal/purge-portal-state';
import { defineTask } from './define';

/** Daily: what the portal no longer needs. */
export default defineTask('purge-portal', async (_payload, { logger }) => {
  const n = await purgePortalState();
  const requests = await purgePortalRequests();
  const agents = await purgeAgentSessions();
  logger.info(
    `portail : ${n.sessions} session(s), ${n.flows} démarche(s), ${n.codes} code(s) SMS, ` +
      `${n.counters} compteur(s), ${requests} demande(s) abandonnée(s) effacés ; ` +
      `${agents} session(s) de directeurs échues`,
  );
});
