import 'server-only';
import { createHash } from 'node:crypto';
import { recordAudits } from '@/lib/audit/record-audit';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { openBodies } from '@/lib/messaging/message-body';
import { getTransport, type SendOutcome, type Transport } from '@/lib/messaging/transports';
import { withoutAddresses } from '@/lib/log';

/**
 * Records what became of each message of one try, all or nothing: the sent ones marked in one
 * statement (a whole call of up to 100 in the usual case; a real transport keeps no body, it may
 * carry a provisional password); one refused for good marked REFUSED, never tried again, its body
 * wiped (it will never leave) and written in its account's history, where the director reads that
 * the parent never received it; one failed this time marked FAILED, left for the job's next try.
 */
export async function recordOutcomes(
  transport: Transport,
  messages: { id: number; channel: 'EMAIL' | 'SMS'; accountId: number | null; template: string }[],
  outcomes: SendOutcome[],
) {
  const sent = messages.flatMap((m, i) => {
    const o = outcomes[i];
    return 'error' in o ? [] : [{ id: m.id, providerId: o.providerId ?? null }];
  });
  const notSent = messages.flatMap((m, i) => {
    const o = outcomes[i];
    return 'error' in o ? [{ m, o }] : [];
  });
  const markSent = async (client: Tx) => {
    if (!sent.length) return;
    await client.$executeRaw`
      update outbound_message m
         set status = 'SENT', sent_at = now(), transport = ${transport.name}, provider_id = v.provider_id,
             error = null ${transport.keepsBody ? Prisma.empty : Prisma.sql`, html = null, text = ''`}
        from unnest(${sent.map((x) => x.id)}::int[], ${sent.map((x) => x.providerId)}::text[])
             as v(id, provider_id)
       where m.id = v.id`;
  };
  // Every message sent (the usual case): one statement, no transaction to open.
  if (!notSent.length) return markSent(db);
  await db.$transaction(async (tx) => {
    await markSent(tx);
    for (const { m, o } of notSent) {
      const error = o.error.slice(0, 500);
      await tx.outboundMessage.update({
        where: { id: m.id },
        data: o.permanent
          ? { status: 'REFUSED', transport: transport.name, error, html: null, text: '' }
          : { status: 'FAILED', error },
      });
    }
    await recordAudits(
      notSent.flatMap(({ m, o }) =>
        o.permanent && m.accountId !== null
          ? [
              {
                actorType: 'SYSTEM' as const,
                action: m.channel === 'EMAIL' ? 'courriel.refuse' : 'sms.refuse',
                accountId: m.accountId,
                details: { modele: m.template },
              },
            ]
          : [],
      ),
      tx,
    );
  });
}

/** Messages still to send: neither sent, refused for good, nor expired. */
const stillToSend = { notIn: ['SENT' as const, 'REFUSED' as const, 'EXPIRED' as const] };

/**
 * Sends up to 100 queued e-mails in one call to the transport (the `send-messages` job of a
 * notification batch; Resend's batch endpoint, or SMTP one by one). Idempotent: messages already
 * sent or refused for good are skipped, and the call's idempotency key is derived from the
 * messages it carries, so a retry after a crash between the provider's answer and our update is
 * recognised by the provider. Each message's outcome is recorded (recordOutcomes); when some could
 * not be sent this time, the job fails after recording the others, and its next try sends only those.
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
    // The call itself failed: none of them was sent.
    await recordOutcomes(
      transport,
      pending,
      pending.map(() => ({ error: (e as Error).message, permanent: false })),
    );
    throw new Error(withoutAddresses((e as Error).message));
  }
  await recordOutcomes(transport, pending, answers);
  const again = answers.flatMap((a) => ('error' in a && !a.permanent ? [withoutAddresses(a.error)] : []));
  if (again.length) {
    throw new Error(
      `${again.length} courriel(s) sur ${pending.length} à envoyer de nouveau : ${again[0].slice(0, 300)}`,
    );
  }
  return answers.filter((a) => !('error' in a)).length;
}
