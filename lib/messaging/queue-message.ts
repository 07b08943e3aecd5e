import 'server-only';
import type { Tx } from '@/lib/database/prisma';
import type { MessageChannel } from '@/lib/generated/prisma/enums';
import { addJob } from '@/lib/jobs/add-job';
import { sealBody } from '@/lib/messaging/message-body';

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
  /** The expiry of the code or link it carries: past it, the message is never sent (deliver-message.ts). */
  sendBefore?: Date | null;
}

/**
 * Records messages and enqueues their delivery in the caller's transaction (DESIGN.md §8), in one
 * statement: a rollback leaves neither the messages nor the jobs; a commit always has both. Their
 * bodies are stored sealed (message-body.ts).
 * Returns the ids of the messages recorded; a message whose key already exists is not recorded again.
 */
export async function queueMessages(
  tx: Tx,
  ms: MessageToQueue[],
  /** False when the caller sends its messages together (`send-messages`), in the same transaction. */
  { ownJob = true }: { ownJob?: boolean } = {},
): Promise<number[]> {
  if (!ms.length) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    insert into outbound_message (channel, recipient, subject, template, html, text, account_id, idempotency_key,
                                  send_before)
    select * from unnest(${ms.map((m) => m.channel)}::message_channel[], ${ms.map((m) => m.recipient)}::text[],
                         ${ms.map((m) => m.subject ?? null)}::text[], ${ms.map((m) => m.template)}::text[],
                         ${ms.map((m) => (m.html == null ? null : sealBody(m.html)))}::text[],
                         ${ms.map((m) => sealBody(m.text))}::text[],
                         ${ms.map((m) => m.accountId ?? null)}::int[], ${ms.map((m) => m.idempotencyKey)}::text[],
                         ${ms.map((m) => m.sendBefore ?? null)}::timestamptz[])
    on conflict (idempotency_key) do nothing
    returning id`;
  const ids = rows.map((r) => r.id);
  if (ownJob) for (const id of ids) await addJob(tx, 'send-message', { messageId: id }, { jobKey: `message:${id}` });
  return ids;
}

/** One message, as queueMessages records it; its id, or null when a message with that key already exists. */
export async function queueMessage(
  tx: Tx,
  m: MessageToQueue,
  options: { ownJob?: boolean } = {},
): Promise<number | null> {
  return (await queueMessages(tx, [m], options))[0] ?? null;
}
