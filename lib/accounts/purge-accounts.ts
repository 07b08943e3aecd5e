import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
import { accountPurgeMonths, auditRetentionMonths } from '@/lib/config/settings';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { AccountState } from '@/lib/generated/prisma/enums';

/**
 * The purge the guide leaves « to be defined » (§1.2; docs/DECISIONS.md « Purge of accounts » and
 * « Purge of the directory's departed records »), for what left the directory more than
 * ACCOUNT_PURGE_MONTHS ago (default 12), in one transaction:
 * - an account never activated whose every guardian has left is deleted, with what only it held —
 *   its e-mail tokens, its queued and sent messages, its portal sessions, its places in letter
 *   batches and the PDFs of those batches (they print its provisional password);
 * - the directory's records that left: pupils (with their links to guardians), guardians left
 *   without an account (an activated account keeps its records: a returning child finds it again),
 *   and classes no pupil is in any more. A record that comes back is a new record, and a returning
 *   guardian gets a new account, never the old identifiant.
 * The audit trail stays, its events no longer pointing at a deleted account, for AUDIT_RETENTION_MONTHS
 * (default 12), and so do the other traces of the service's activity: the messages it sent (recipient,
 * subject, status), the notification batches (who asked which letters for which accounts) and the
 * history of the directory imports with the records they set aside. Older ones are deleted. A
 * director who left the directory more than ACCOUNT_PURGE_MONTHS ago goes once no kept trace names them.
 */

export interface PurgeCandidate {
  id: number;
  identifiant: string;
  state: AccountState;
  /** When the last of its guardians left the directory. */
  detachedSince: Date;
}

export interface PurgeReport {
  months: number;
  /** Months the audit trail keeps an event. */
  auditMonths: number;
  dryRun: boolean;
  accounts: PurgeCandidate[];
  counts: {
    comptes: number;
    jetons: number;
    messages: number;
    sessions: number;
    courriersPdf: number;
    evenementsAnonymises: number;
    eleves: number;
    fichesResponsables: number;
    classes: number;
    evenementsSupprimes: number;
    messagesSupprimes: number;
    importsSupprimes: number;
    lotsSupprimes: number;
    directeurs: number;
  };
}

/**
 * The directory's records that left before `cutoff` and go: pupils, guardians without an account
 * (or whose account `purged` lists), classes without pupils once those pupils are gone.
 */
const departedPupils = (cutoff: Date) => Prisma.sql`detached_at < ${cutoff}`;
const departedGuardians = (cutoff: Date, purged: number[]) =>
  Prisma.sql`detached_at < ${cutoff} and (account_id is null or account_id = any(${purged}::int[]))`;
const departedClasses = (cutoff: Date) =>
  Prisma.sql`c.detached_at < ${cutoff} and not exists (
    select 1 from pupil p where p.class_id = c.id and (p.detached_at is null or p.detached_at >= ${cutoff}))`;

/** Notification batches past the traces' retention, finished (a running one is never touched). */
const oldBatches = (auditCutoff: Date) => Prisma.sql`created_at < ${auditCutoff} and status in ('DONE', 'FAILED')`;
/** Directors gone before `cutoff` that no kept audit event nor batch names (the history shows their name). */
const departedAgents = (cutoff: Date, auditCutoff: Date) =>
  Prisma.sql`a.detached_at < ${cutoff}
    and not exists (select 1 from audit_event e
                     where e.actor_type = 'AGENT' and e.actor_id = a.id::text and e.at >= ${auditCutoff})
    and not exists (select 1 from notification_batch b
                     where b.agent_id = a.id
                       and (b.created_at >= ${auditCutoff} or b.status not in ('DONE', 'FAILED')))`;

async function candidates(cutoff: Date, tx: Tx): Promise<PurgeCandidate[]> {
  return tx.$queryRaw<PurgeCandidate[]>`
    select a.id, a.identifiant, a.state, max(g.detached_at) as "detachedSince"
      from account a join guardian g on g.account_id = a.id
     where a.state <> 'ACTIVE' and a.deleted_at is null
       and not exists (select 1 from account m where m.merged_into_id = a.id)
     group by a.id
    having bool_and(g.detached_at is not null)
       and max(g.detached_at) < ${cutoff}
     order by a.identifiant`;
}

export async function purgeAccounts({
  dryRun,
  months = accountPurgeMonths(),
  auditMonths = auditRetentionMonths(),
  now = new Date(),
}: {
  dryRun: boolean;
  months?: number;
  auditMonths?: number;
  now?: Date;
}): Promise<PurgeReport> {
  return db.$transaction(
    async (tx) => {
      // Months as PostgreSQL counts them (a month back from 31 March is 28 or 29 February).
      const [{ cutoff, auditCutoff }] = await tx.$queryRaw<{ cutoff: Date; auditCutoff: Date }[]>`
        select ${now}::timestamptz - make_interval(months => ${months}::int) as cutoff,
               ${now}::timestamptz - make_interval(months => ${auditMonths}::int) as "auditCutoff"`;
      const accounts = await candidates(cutoff, tx);
      const ids = accounts.map((a) => a.id);
      const [held] = await tx.$queryRaw<Omit<PurgeReport['counts'], 'comptes'>[]>`
        select (select count(*) from activation_token where account_id = any(${ids}::int[]))::int as jetons,
               (select count(*) from outbound_message where account_id = any(${ids}::int[]))::int as messages,
               (select count(*) from guardian_session where account_id = any(${ids}::int[]))::int as sessions,
               (select count(*) from notification_batch where pdf is not null and id in (
                  select batch_id from notification_item where account_id = any(${ids}::int[])))::int as "courriersPdf",
               (select count(*) from audit_event where account_id = any(${ids}::int[]))::int as "evenementsAnonymises",
               (select count(*) from pupil where ${departedPupils(cutoff)})::int as eleves,
               (select count(*) from guardian where ${departedGuardians(cutoff, ids)})::int as "fichesResponsables",
               (select count(*) from school_class c where ${departedClasses(cutoff)})::int as classes,
               (select count(*) from audit_event where at < ${auditCutoff})::int as "evenementsSupprimes",
               (select count(*) from outbound_message
                 where created_at < ${auditCutoff}
                   and (account_id is null or account_id <> all(${ids}::int[])))::int as "messagesSupprimes",
               (select count(*) from directory_import
                 where started_at < ${auditCutoff} and outcome <> 'RUNNING')::int as "importsSupprimes",
               (select count(*) from notification_batch where ${oldBatches(auditCutoff)})::int as "lotsSupprimes",
               (select count(*) from agent a where ${departedAgents(cutoff, auditCutoff)})::int as directeurs`;
      const counts = { comptes: ids.length, ...held };
      const report = { months, auditMonths, dryRun, accounts, counts };
      if (dryRun || Object.values(counts).every((n) => n === 0)) return report;
      await tx.$executeRaw`
        update notification_batch set pdf = null
         where pdf is not null
           and id in (select batch_id from notification_item where account_id = any(${ids}::int[]))`;
      await tx.$executeRaw`delete from outbound_message where account_id = any(${ids}::int[])`;
      await tx.$executeRaw`update audit_event set account_id = null where account_id = any(${ids}::int[])`;
      await tx.$executeRaw`update guardian set account_id = null where account_id = any(${ids}::int[])`;
      // Tokens, sessions and batch items go with the account (on delete cascade).
      await tx.$executeRaw`delete from account where id = any(${ids}::int[])`;
      // The directory's departed records; links to guardians go with their pupil (on delete cascade).
      await tx.$executeRaw`delete from pupil where ${departedPupils(cutoff)}`;
      await tx.$executeRaw`delete from guardian where ${departedGuardians(cutoff, [])}`;
      await tx.$executeRaw`delete from school_class c where ${departedClasses(cutoff)}`;
      // The traces past their retention: the audit trail (a sequential read of the table, once a week),
      // the messages sent, the imports' history (their set-aside records go with them, on delete cascade).
      await tx.$executeRaw`delete from audit_event where at < ${auditCutoff}`;
      await tx.$executeRaw`delete from outbound_message where created_at < ${auditCutoff}`;
      await tx.$executeRaw`delete from directory_import where started_at < ${auditCutoff} and outcome <> 'RUNNING'`;
      // Batches with their items (on delete cascade); then the directors no kept trace names (their
      // schools and sessions go with them, on delete cascade).
      await tx.$executeRaw`delete from notification_batch where ${oldBatches(auditCutoff)}`;
      await tx.$executeRaw`delete from agent a where ${departedAgents(cutoff, auditCutoff)}`;
      await recordAudit(
        {
          actorType: 'SYSTEM',
          action: 'purge.comptes',
          details: { mois: months, moisJournal: auditMonths, ...counts },
        },
        tx,
      );
      return report;
    },
    { timeout: 300_000 },
  );
}
