import { carryOutPortalRequest } from '@/lib/portal/portal-requests';
import { defineTask } from './define';

/** What a portal form that answers the same for anyone does once it has answered (lib/portal/later.ts). */
export default defineTask('portal-request', async (request) => {
  await carryOutPortalRequest(request);
});
