import { readTextUpTo } from '@/lib/http/bounded-body';
import { resendWebhookSecret } from '@/lib/config/resend-webhook';
import { RESEND_EVENT_MAX_BYTES, receiveResendEvent } from '@/lib/messaging/provider-events';

export const dynamic = 'force-dynamic';

/**
 * Resend's webhook (docs/DEPLOYMENT.md « Resend »): an e-mail that bounced or was suppressed after
 * Resend took it. Answers 404 unless RESEND_WEBHOOK_SECRET is set; every call is signed.
 */
export async function POST(request: Request) {
  const secret = resendWebhookSecret();
  if (!secret) return new Response('Page introuvable', { status: 404 });
  const body = await readTextUpTo(request, RESEND_EVENT_MAX_BYTES);
  const answer =
    body === null
      ? { status: 413, body: 'événement trop volumineux' }
      : await receiveResendEvent({ body, headers: request.headers, secret });
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
