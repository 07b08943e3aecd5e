import 'server-only';
import type { Tx } from '@/lib/database/prisma';
import type { MessageChannel } from '@/lib/generated/prisma/enums';
import { addJob } from '@/lib/jobs/add-job';

export interface MessageToQueue {
  channel: MessageChannel;
  recipient: string;
  subject?: string | null;
  template: string;
  html?: string | null;
  text: string;
  accountId?: number | null;
  /** Same key twice → one message (a retried batch never sends twice). */
  idempotencyKey: string;
}

/**
 * Records a message and enqueues its delivery in the caller's transaction (DESIGN.md §8): a
 * rollback leaves neither the message nor the job; a commit always has both.
 * Returns the message id, or null when a message with that key already exists.
 */
export async function queueMessage(
  tx: Tx,
  m: MessageToQueue,
  /** False when the caller sends its messages together (`send-messages`), in the same transaction. */
  { ownJob = true }: { ownJob?: boolean } = {},
): Promise<number | null> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    insert into outbound_message (channel, recipient, subject, template, html, text, account_id, idempotency_key)
    values (${m.channel}::message_channel, ${m.recipient}, ${m.subject ?? null}, ${m.template}, ${m.html ?? null},
            ${m.text}, ${m.accountId ?? null}, ${m.idempotencyKey})
    on conflict (idempotency_key) do nothing
    returning id`;
  const id = rows[0]?.id;
  if (id === undefined) return null;
  if (ownJob) await addJob(tx, 'send-message', { messageId: id }, { jobKey: `message:${id}` });
  return id;
}
