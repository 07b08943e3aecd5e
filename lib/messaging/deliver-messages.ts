import 'server-only';
import { createHash } from 'node:crypto';
import { recordAudits } from '@/lib/audit/record-audit';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { openBodies } from '@/lib/messaging/message-body';
import { getTransport, type SendOutcome, type Transport } from '@/lib/messaging/transports';

/**
 * The messages a transport has sent, marked so in one statement (a whole call of up to 100 in the
 * usual case). A real transport keeps no body: it may carry a provisional password.
 */
export async function markSent(tx: Tx, transport: Transport, sent: { id: number; providerId?: string }[]) {
  if (!sent.length) return;
  await tx.$executeRaw`
    update outbound_message m
       set status = 'SENT', sent_at = now(), transport = ${transport.name}, provider_id = v.provider_id, error = null
           ${transport.keepsBody ? Prisma.empty : Prisma.sql`, html = null, text = ''`}
      from unnest(${sent.map((s) => s.id)}::int[], ${sent.map((s) => s.providerId ?? null)}::text[])
           as v(id, provider_id)
     where m.id = v.id`;
}

/**
 * What a message that was not sent becomes: refused for good (never tried again, and its body, which
 * may carry a provisional password, wiped since it will never leave), or failed this time, left for
 * the job's next try.
 */
export const failedMessage = (transport: Transport, { error, permanent }: { error: string; permanent: boolean }) =>
  permanent
    ? { status: 'REFUSED' as const, transport: transport.name, error: error.slice(0, 500), html: null, text: '' }
    : { status: 'FAILED' as const, error: error.slice(0, 500) };

/**
 * A message refused for good goes to its account's history (the director's account page): the
 * parent never received it, and the director can check the address or hand out a paper letter.
 */
export const refusalAudits = (refused: { channel: 'EMAIL' | 'SMS'; accountId: number | null; template: string }[]) =>
  refused.flatMap((m) =>
    m.accountId === null
      ? []
      : [
          {
            actorType: 'SYSTEM' as const,
            action: m.channel === 'EMAIL' ? 'courriel.refuse' : 'sms.refuse',
            accountId: m.accountId,
            details: { modele: m.template },
          },
        ],
  );

/**
 * A provider's answer as the job's error and the workers' log may carry it: relays quote the
 * address they refuse (« 450 <jean.dupont@…>: try later »), and a log is no place for a parent's
 * address. The message's own row keeps the whole answer, beside its recipient.
 */
export const withoutAddresses = (text: string) => text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<adresse>');

/** Messages still to send: neither sent nor refused for good. */
export const stillToSend = { notIn: ['SENT' as const, 'REFUSED' as const] };

/**
 * Sends up to 100 queued e-mails in one call to the transport (the `send-messages` job of a
 * notification batch; Resend's batch endpoint, or SMTP one by one). Idempotent: messages already
 * sent or refused for good are skipped, and the call's idempotency key is derived from the
 * messages it carries, so a retry after a crash between the provider's answer and our update is
 * recognised by the provider. Each message's outcome is recorded (markSent wipes the bodies
 * after a real send); when some could not be sent this time, the job fails after recording the
 * others, and its next try sends only those.
 */
export async function deliverMessages({ messageIds }: { messageIds: number[] }): Promise<number> {
  const pending = (
    await db.outboundMessage.findMany({
      where: { id: { in: messageIds }, channel: 'EMAIL', status: stillToSend },
      orderBy: { id: 'asc' },
    })
  ).map(openBodies);
  if (!pending.length) return 0;
  const transport = getTransport();
  const key = `messages:${createHash('sha256')
    .update(pending.map((m) => m.idempotencyKey ?? `message:${m.id}`).join('\n'))
    .digest('base64url')}`;
  let answers: SendOutcome[];
  try {
    answers = await transport.sendEmails(
      pending.map((m) => ({
        to: m.recipient,
        subject: m.subject ?? '',
        html: m.html,
        text: m.text,
        idempotencyKey: m.idempotencyKey ?? `message:${m.id}`,
      })),
      key,
    );
  } catch (e) {
    await db.outboundMessage.updateMany({
      where: { id: { in: pending.map((m) => m.id) } },
      data: { status: 'FAILED', error: (e as Error).message.slice(0, 500) },
    });
    throw new Error(withoutAddresses((e as Error).message));
  }
  const sent = pending.flatMap((m, i) => {
    const a = answers[i];
    return 'error' in a ? [] : [{ id: m.id, providerId: a.providerId }];
  });
  const notSent = pending.flatMap((m, i) => {
    const a = answers[i];
    return 'error' in a ? [{ m, a }] : [];
  });
  await db.$transaction(async (tx) => {
    await markSent(tx, transport, sent);
    for (const { m, a } of notSent) {
      await tx.outboundMessage.update({ where: { id: m.id }, data: failedMessage(transport, a) });
    }
    await recordAudits(refusalAudits(notSent.filter(({ a }) => a.permanent).map(({ m }) => m)), tx);
  });
  const again = answers.flatMap((a) => ('error' in a && !a.permanent ? [withoutAddresses(a.error)] : []));
  if (again.length) {
    throw new Error(
      `${again.length} courriel(s) sur ${pending.length} à envoyer de nouveau : ${again[0].slice(0, 300)}`,
    );
  }
  return sent.length;
}
