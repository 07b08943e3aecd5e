import 'server-only';
import { db } from '@/lib/db';
import { addJob } from '@/lib/jobs/add-job';
import { sendIdentifiants } from '@/lib/portal/forgot-identifiant';
import { sendPasswordCode, sendPasswordLink } from '@/lib/portal/forgot-password';
import { matchIdentity, sendNewIdentityCode } from '@/lib/portal/identity-path';
import type { Later, PortalRequest } from '@/lib/portal/later';

/**
 * Tries of a request's job: graphile-worker's waits between them (e, e², … seconds) make four minutes,
 * within an SMS code's ten; a request still failing then is given up (the person asks again).
 */
export const PORTAL_REQUEST_TRIES = 5;

/** The portal's actions hand their requests to the workers (later.ts): one job each, the same for anyone. */
export const queuePortalRequest: Later = (request) =>
  addJob(db, 'portal-request', request, { maxAttempts: PORTAL_REQUEST_TRIES });

/**
 * A request holds what a person typed (an identifiant, an address, names and a mobile). Done, its job
 * is gone; given up, graphile-worker would keep it for ever: the daily purge (purge-portal) removes the
 * requests given up, and any older than a day (their paths last 30 minutes), but those a worker holds.
 */
export async function purgePortalRequests(now = new Date()): Promise<number> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    select id from graphile_worker.complete_jobs(array(
      select id from graphile_worker.jobs
       where task_identifier = 'portal-request'
         and (attempts >= max_attempts or created_at < ${now}::timestamptz - interval '1 day')))`;
  return rows.length;
}

/** What a portal request does (the `portal-request` job), as its form would have done before answering. */
export async function carryOutPortalRequest(r: PortalRequest): Promise<void> {
  switch (r.kind) {
    case 'lien-mot-de-passe':
      return sendPasswordLink(r.identifiant);
    case 'code-mot-de-passe':
      return sendPasswordCode(r.flowId, r.identifiant, r.ip);
    case 'identifiants':
      return sendIdentifiants(r.contact, r.ip);
    case 'identite':
      return matchIdentity(r.flowId, r.purpose, r.names);
    case 'nouveau-code':
      return sendNewIdentityCode(r.flowId, r.purpose);
  }
}
