import 'server-only';
import { db } from '@/lib/db';
import { addJob } from '@/lib/jobs/add-job';
import { sendIdentifiants } from '@/lib/portal/forgot-identifiant';
import { sendPasswordCode, sendPasswordLink } from '@/lib/portal/forgot-password';
import { matchIdentity, sendNewIdentityCode } from '@/lib/portal/identity-path';
import type { Later, PortalRequest } from '@/lib/portal/later';

/** The portal's actions hand their requests to the workers (later.ts): one job each, the same for anyone. */
export const queuePortalRequest: Later = (request) => addJob(db, 'portal-request', request);

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
