import type { JobPayload } from '@/lib/jobs/registry';

/**
 * The portal's forms that answer the same whatever was typed — « Identifiant oublié ? », « Mot de passe
 * oublié ? », the SMS signup and FranceConnect's mobile, « Renvoyer un code » — must also answer in the
 * same time. What differs between a known person and an unknown one (the accounts looked up, the code
 * or link made, the e-mail rendered, the SMS queued) is a `PortalRequest`, handed to a `Later`: the
 * portal's actions queue it for the workers (`queuePortalRequest`, the `portal-request` job, one of the
 * jobs a person waits for), so that its work shows neither in the answer's time nor in the next one's
 * on the same web node. Measured before: « Mot de passe oublié ? » answered a known identifiant in
 * 15.4 ms and an unknown one in 9.8 ms (median of 200 each, `npm run bench:portal`, session 28) — which
 * identifiants are activated accounts, told by the clock; done after the answer on the same node, the
 * gap moved to the next request (10.3 ms after a known one, 8.1 after an unknown one). Without a
 * `Later` (tests, the CLI) each function does the work itself before returning.
 */
export type PortalRequest = JobPayload<'portal-request'>;

export type Later = (request: PortalRequest) => Promise<void>;
