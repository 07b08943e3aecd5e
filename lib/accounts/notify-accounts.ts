import 'server-only';
import { recordRefusal } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import type { NotificationChannel } from '@/lib/generated/prisma/enums';
import { letterRetentionDays } from '@/lib/config/settings';
import { addJob } from '@/lib/jobs/add-job';
import { processNotificationBatch } from '@/lib/accounts/process-notification-batch';
import type { SelectedRow } from '@/lib/accounts/search-accounts';

/** A selection up to this size is processed within the request; larger ones by a job. */
export const INLINE_LIMIT = 40;

export interface NotifyOutcome {
  channel: NotificationChannel;
  /** Null when no account could be notified (e-mail channel, no address at all). */
  batchId: number | null;
  total: number;
  /** Still being processed by a job (the page shows its progress). */
  pending: boolean;
  /** Accounts « Non notifié » whose password was not reset (guide §5.3's warning). */
  notReset: number;
  /** E-mail channel: the guardians without an address, « NOM Prénom », not notified. */
  withoutEmail: string[];
  /** E-mail channel: the guardians whose address refused the last e-mail sent to it, not notified. */
  addressRefused: string[];
}

interface Candidate {
  accountId: number;
  classLabel: string;
  pupilLast: string;
  pupilFirst: string;
  guardian: string;
  hasEmail: boolean;
  /** The parent's mail server refused the last e-mail the account was sent at that address. */
  addressRefused: boolean;
}

/**
 * The selected rows (pupil × guardian) that are in the school's scope, as accounts: one per
 * account (an account selected through two children gets one letter), in letter order — class,
 * then pupil, so that a teacher hands them out through the cahier de liaison.
 */
async function candidates(tx: Tx, schoolId: number, rows: SelectedRow[]): Promise<Candidate[]> {
  const found = await tx.$queryRaw<Candidate[]>`
    select s.account_id as "accountId", c.label as "classLabel", s.pupil_last_name as "pupilLast",
           s.pupil_first_name as "pupilFirst", s.guardian_last_name || ' ' || s.guardian_first_name as guardian,
           coalesce(s.account_email, s.guardian_email) is not null as "hasEmail",
           coalesce((select m.status = 'REFUSED' from outbound_message m
                      where m.account_id = s.account_id and m.channel = 'EMAIL'
                        and lower(m.recipient) = lower(coalesce(s.account_email, s.guardian_email))
                      order by m.id desc limit 1), false) as "addressRefused"
      from director_scope s
      join school_class c on c.id = s.class_id and c.school_id = ${schoolId}
      join unnest(${rows.map((r) => r.pupilId)}::int[], ${rows.map((r) => r.accountId)}::int[]) r(pupil_id, account_id)
        on r.pupil_id = s.pupil_id and r.account_id = s.account_id
     where s.school_id = ${schoolId}
     order by c.label_key, c.label, s.pupil_last_key, s.pupil_first_key, s.pupil_id, s.account_id`;
  const seen = new Set<number>();
  return found.filter((c) => (seen.has(c.accountId) ? false : (seen.add(c.accountId), true)));
}

/**
 * « (Re)Notifier » (guide §5.3): the selected accounts become one notification batch, whose job
 * is enqueued in the same transaction; a small batch is also processed at once, so the director
 * gets the PDF or the confirmation in the same request. E-mail channel: accounts without an
 * address are left out and named, and so are those whose address refused the last e-mail sent to it
 * (a bounce: the provisional password would go nowhere again; DECISIONS « An e-mail that bounces »).
 */
export async function notifyAccounts({
  schoolId,
  agentId,
  rows,
  channel,
  reset,
}: {
  schoolId: number;
  /** Null for an operator's command. */
  agentId: number | null;
  rows: SelectedRow[];
  channel: NotificationChannel;
  reset: boolean;
}): Promise<NotifyOutcome> {
  const created = await db.$transaction(async (tx) => {
    const all = await candidates(tx, schoolId, rows);
    const refused = new Set(rows.map((r) => r.accountId)).size - all.length;
    if (refused > 0 && agentId !== null) {
      await recordRefusal({ agentId, schoolId, target: 'notification', count: refused }, tx);
    }
    const byEmail = channel === 'EMAIL';
    const kept = byEmail ? all.filter((c) => c.hasEmail && !c.addressRefused) : all;
    const withoutEmail = byEmail ? all.filter((c) => !c.hasEmail).map((c) => c.guardian) : [];
    const addressRefused = byEmail ? all.filter((c) => c.hasEmail && c.addressRefused).map((c) => c.guardian) : [];
    if (!kept.length) return { batchId: null, total: 0, withoutEmail, addressRefused };
    const batch = await tx.notificationBatch.create({
      data: {
        schoolId,
        agentId,
        channel,
        reset,
        total: kept.length,
        expiresAt: new Date(Date.now() + letterRetentionDays() * 86_400_000),
      },
      select: { id: true },
    });
    await tx.notificationItem.createMany({
      data: kept.map((c, position) => ({ batchId: batch.id, position, accountId: c.accountId })),
    });
    // The job is the guarantee: whatever happens to this request, the batch gets done.
    await addJob(tx, 'notification-batch', { batchId: batch.id }, { jobKey: `notification:${batch.id}` });
    return { batchId: batch.id, total: kept.length, withoutEmail, addressRefused };
  });
  if (created.batchId === null) return { ...created, channel, pending: false, notReset: 0 };
  if (created.total <= INLINE_LIMIT) await processNotificationBatch({ batchId: created.batchId });
  const batch = await db.notificationBatch.findUniqueOrThrow({
    where: { id: created.batchId },
    select: { status: true, notReset: true },
  });
  return { ...created, channel, pending: batch.status !== 'DONE', notReset: batch.notReset };
}
