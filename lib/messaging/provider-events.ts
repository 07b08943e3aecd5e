import 'server-only';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { db } from '@/lib/db';
import { log } from '@/lib/log';
import { bounceReason, markBounced, providerSaid } from '@/lib/messaging/bounces';

/**
 * What Resend tells us after it took an e-mail (docs/DECISIONS.md « An e-mail that bounces »): the
 * parent's mail server refused it (`email.bounced`: a mistyped or closed address, a full mailbox
 * given up on), or Resend did not send it at all because that address bounced or complained before
 * (`email.suppressed`). Resend had answered 200, so the e-mail was marked SENT; it becomes REFUSED,
 * with the reason, and the account's history says « Courriel non remis » (bounces.ts).
 * Every other event (delivered, opened, complained…) is acknowledged and left: nothing to do.
 */

/** The largest event read (the route's bound): Resend's are a few hundred bytes (subject, addresses, tags). */
export const RESEND_EVENT_MAX_BYTES = 64 * 1024;

const emailEvent = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().min(1).max(200),
      bounce: z.object({ type: z.string(), subType: z.string(), message: z.string() }).partial().optional(),
      suppressed: z.object({ type: z.string(), message: z.string() }).partial().optional(),
    })
    .passthrough(),
});

export type ResendEventAnswer = { status: 200 | 400 | 409; body: string };

/**
 * How long a bounce for an e-mail not known yet is answered « later » (409, so that Resend sends it
 * again: 5 s, then 5 minutes after): a suppressed address is told at once, possibly before the worker
 * that sent the e-mail has written Resend's id. Past that, the event is another application's.
 */
const NOT_YET_KNOWN_MS = 10 * 60_000;

/**
 * One call of Resend's webhook: the signature checked (Standard Webhooks, as Resend signs: the
 * body as received, its id and timestamp; at most 5 minutes old), then the event recorded. An
 * event told twice changes nothing and is acknowledged, so that Resend does not send it again; a
 * bounce for an e-mail not known yet is asked again for ten minutes (NOT_YET_KNOWN_MS), then
 * acknowledged as another application's of the same Resend team.
 */
export async function receiveResendEvent({
  body,
  headers,
  secret,
}: {
  body: string;
  headers: Headers;
  secret: string;
}): Promise<ResendEventAnswer> {
  let event: unknown;
  try {
    event = new Webhook(secret).verify(body, {
      'webhook-id': headers.get('svix-id') ?? headers.get('webhook-id') ?? '',
      'webhook-timestamp': headers.get('svix-timestamp') ?? headers.get('webhook-timestamp') ?? '',
      'webhook-signature': headers.get('svix-signature') ?? headers.get('webhook-signature') ?? '',
    });
  } catch (e) {
    if (!(e instanceof WebhookVerificationError || e instanceof SyntaxError)) throw e;
    log.warn({ reason: e.message }, 'événement Resend refusé : signature invalide ou trop ancienne');
    return { status: 400, body: 'signature invalide' };
  }
  const parsed = emailEvent.safeParse(event);
  if (!parsed.success) return { status: 200, body: 'ignoré' };
  const error = reason(parsed.data);
  if (!error) return { status: 200, body: 'ignoré' };
  const providerId = parsed.data.data.email_id;
  if (await markBounced({ providerId, reason: error, source: parsed.data.type }))
    return { status: 200, body: 'enregistré' };
  const known = await db.outboundMessage.findFirst({ where: { providerId }, select: { id: true } });
  const age = Date.now() - Date.parse(parsed.data.created_at ?? '');
  if (!known && age < NOT_YET_KNOWN_MS) return { status: 409, body: 'courriel pas encore connu : à renvoyer' };
  return { status: 200, body: 'ignoré' };
}

/**
 * The reason written beside the message, for the académie's assistance (`npm run cli -- messages`),
 * with what the provider said (kept with the recipient in the message's row, never logged).
 */
function reason({ type, data }: z.infer<typeof emailEvent>): string | null {
  if (type === 'email.bounced') {
    const { type: kind, subType, message } = data.bounce ?? {};
    return bounceReason(kind, subType, message);
  }
  if (type === 'email.suppressed') {
    const { type: kind, message } = data.suppressed ?? {};
    const list = "non envoyé : l'adresse est sur la liste de suppression de Resend (rebond ou plainte auparavant)";
    return `${list}${providerSaid(kind, message)}`;
  }
  return null;
}
