import 'server-only';
import { recordAuditForAccounts } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { openBytes } from '@/lib/accounts/secrets';

/** Where a notification batch stands, for the page that waits for it (only for its school). */
export async function batchProgress({ schoolId, batchId }: { schoolId: number; batchId: number }) {
  const [b] = await db.$queryRaw<
    { status: string; done: number; total: number; notReset: number; channel: string; ready: boolean }[]
  >`
    select status, done, total, not_reset as "notReset", channel, pdf is not null as ready
      from notification_batch where id = ${batchId} and school_id = ${schoolId}`;
  if (!b) throw new DomainError('LETTERS_NOT_FOUND');
  return b;
}

/**
 * The PDF of a paper batch, for a director of its school only; it holds provisional passwords,
 * so each download is audited. Gone after its retention (purge-letters).
 */
export async function getLetters({
  schoolId,
  batchId,
  agentId,
}: {
  schoolId: number;
  batchId: number;
  agentId: number;
}) {
  const b = await db.notificationBatch.findFirst({
    where: { id: batchId, schoolId, channel: 'PAPER', pdf: { not: null } },
    select: { pdf: true, createdAt: true },
  });
  if (!b?.pdf) throw new DomainError('LETTERS_NOT_FOUND');
  // The letters carry provisional passwords: each account of the batch has the download in its history.
  const items = await db.notificationItem.findMany({ where: { batchId }, select: { accountId: true } });
  await recordAuditForAccounts(
    {
      actorType: 'AGENT',
      actorId: String(agentId),
      action: 'courrier.telecharge',
      schoolId,
      details: { lot: batchId },
    },
    items.map((i) => i.accountId),
  );
  return { pdf: openBytes(b.pdf), createdAt: b.createdAt };
}
