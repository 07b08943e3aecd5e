import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
import { accountPurgeMonths } from '@/lib/config/settings';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import type { AccountState } from '@/lib/generated/prisma/enums';

/**
 * The purge the guide leaves « to be defined » (§1.2; docs/DECISIONS.md « Purge of accounts »):
 * an account never activated whose every guardian has left the directory for more than
 * ACCOUNT_PURGE_MONTHS (default 12) is deleted, with what only it held — its e-mail tokens, its
 * queued and sent messages, its portal sessions, its places in letter batches and the PDFs of
 * those batches (they print its provisional password). The directory records stay (they come
 * back with the directory: a returning guardian gets a new account, never the old identifiant);
 * the audit trail stays, its events no longer pointing at the account. One transaction.
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
  dryRun: boolean;
  accounts: PurgeCandidate[];
  counts: {
    comptes: number;
    jetons: number;
    messages: number;
    sessions: number;
    courriersPdf: number;
    evenementsAnonymises: number;
  };
}

async function candidates(months: number, now: Date, tx: Tx): Promise<PurgeCandidate[]> {
  return tx.$queryRaw<PurgeCandidate[]>`
    select a.id, a.identifiant, a.state, max(g.detached_at) as "detachedSince"
      from account a join guardian g on g.account_id = a.id
     where a.state <> 'ACTIVE' and a.deleted_at is null
       and not exists (select 1 from account m where m.merged_into_id = a.id)
     group by a.id
    having bool_and(g.detached_at is not null)
       and max(g.detached_at) < ${now}::timestamptz - make_interval(months => ${months}::int)
     order by a.identifiant`;
}

export async function purgeAccounts({
  dryRun,
  months = accountPurgeMonths(),
  now = new Date(),
}: {
  dryRun: boolean;
  months?: number;
  now?: Date;
}): Promise<PurgeReport> {
  return db.$transaction(
    async (tx) => {
      const accounts = await candidates(months, now, tx);
      const ids = accounts.map((a) => a.id);
      const [held] = await tx.$queryRaw<Omit<PurgeReport['counts'], 'comptes'>[]>`
        select (select count(*) from activation_token where account_id = any(${ids}::int[]))::int as jetons,
               (select count(*) from outbound_message where account_id = any(${ids}::int[]))::int as messages,
               (select count(*) from guardian_session where account_id = any(${ids}::int[]))::int as sessions,
               (select count(*) from notification_batch where pdf is not null and id in (
                  select batch_id from notification_item where account_id = any(${ids}::int[])))::int as "courriersPdf",
               (select count(*) from audit_event where account_id = any(${ids}::int[]))::int as "evenementsAnonymises"`;
      const counts = { comptes: ids.length, ...held };
      if (dryRun || !ids.length) return { months, dryRun, accounts, counts };
      await tx.$executeRaw`
        update notification_batch set pdf = null
         where pdf is not null
           and id in (select batch_id from notification_item where account_id = any(${ids}::int[]))`;
      await tx.$executeRaw`delete from outbound_message where account_id = any(${ids}::int[])`;
      await tx.$executeRaw`update audit_event set account_id = null where account_id = any(${ids}::int[])`;
      await tx.$executeRaw`update guardian set account_id = null where account_id = any(${ids}::int[])`;
      // Tokens, sessions and batch items go with the account (on delete cascade).
      await tx.$executeRaw`delete from account where id = any(${ids}::int[])`;
      await recordAudit({ actorType: 'SYSTEM', action: 'purge.comptes', details: { mois: months, ...counts } }, tx);
      return { months, dryRun, accounts, counts };
    },
    { timeout: 300_000 },
  );
}
