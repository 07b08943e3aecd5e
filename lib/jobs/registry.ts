import { z } from 'zod';

/**
 * Every job the workers run, by task name, with its payload (DESIGN.md §8). The task files of
 * workers/tasks implement them; `addJob` enqueues them; the crontab names them. A name or a
 * payload that is not here does not compile.
 */
export const JOBS = {
  /** Sends one queued e-mail or SMS (lib/messaging). */
  'send-message': z.object({ messageId: z.number().int().positive() }),
  /** Sends up to 100 queued e-mails in one call (a notification batch; Resend's batch endpoint). */
  'send-messages': z.object({ messageIds: z.array(z.number().int().positive()).min(1).max(100) }),
  /** Nightly directory import of the export lying in AAF_IMPORT_DIR (guide §1.5). */
  'aaf-import-nightly': z.object({}),
  /** Nightly statistics of every school (guide §6.1). */
  'stats-nightly': z.object({}),
  /** « Calculer les statistiques » for one school (guide §6.1). */
  'stats-school': z.object({ schoolId: z.number().int().positive() }),
  /** A (re)notification batch: letters or e-mails, resumable (guide §5.3). */
  'notification-batch': z.object({ batchId: z.number().int().positive() }),
  /** Daily: the PDF letters past their retention are erased (they hold provisional passwords). */
  'purge-letters': z.object({}),
  /** Daily: the portal's ended sessions, abandoned paths, used SMS codes and spent throttle counters. */
  'purge-portal': z.object({}),
  /** Weekly: never-activated accounts and directory records long gone (lib/accounts/purge-accounts.ts). */
  'purge-accounts': z.object({}),
  /** Every 5 minutes: the relay's delivery reports in SMTP_BOUNCES_URL (lib/messaging/read-bounces.ts). */
  'read-bounces': z.object({}),
  /**
   * What a portal form that answers the same for anyone does once it has answered (lib/portal/later.ts):
   * the lookup of what was typed, and the link, code or identifiants sent when it matches.
   */
  'portal-request': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('lien-mot-de-passe'), identifiant: z.string().max(200) }),
    z.object({
      kind: z.literal('code-mot-de-passe'),
      flowId: z.string().max(100),
      identifiant: z.string().max(200),
      ip: z.string().max(100),
    }),
    z.object({ kind: z.literal('identifiants'), contact: z.string().max(254), ip: z.string().max(100) }),
    z.object({
      kind: z.literal('identite'),
      flowId: z.string().max(100),
      purpose: z.enum(['SIGNUP', 'FRANCECONNECT']),
      names: z.object({ lastName: z.string().max(200), firstName: z.string().max(200) }).optional(),
    }),
    z.object({
      kind: z.literal('nouveau-code'),
      flowId: z.string().max(100),
      purpose: z.enum(['SIGNUP', 'FRANCECONNECT']),
    }),
  ]),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/**
 * The jobs a person waits for as they happen, each a few milliseconds: one message (`send-message`) —
 * a parent's SMS code, a password reset link, an activation e-mail, a director's « Renvoyer un courriel
 * d'activation » —, what a portal form does after its answer (`portal-request`: the code or link it
 * sends), and one school's statistics (`stats-school`, « Calculer les statistiques », whose
 * page says « calcul en cours » until it is done). Each worker gives them slots of their own
 * (workers/runner.ts): a rentrée's letter batches, which hold a slot for tens of seconds each, never
 * make a parent wait for a code nor a director for the figures. The health report says when one waits.
 */
export const URGENT_JOBS = ['send-message', 'portal-request', 'stats-school'] as const satisfies readonly JobName[];
