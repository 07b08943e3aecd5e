import 'server-only';
import { recordAudits } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';
import { log } from '@/lib/log';

/** What the provider said, in parentheses after a sentence of ours (« (5.1.1, 550 … user unknown) »), or nothing. */
export function providerSaid(...parts: (string | null | undefined)[]): string {
  const text = parts.filter(Boolean).join(', ');
  return text ? ` (${text})` : '';
}

/** The reason a bounce leaves beside its message, whoever told it, with what the provider said. */
export const bounceReason = (...said: (string | null | undefined)[]) =>
  `rebond : le serveur de messagerie du destinataire l'a refusé${providerSaid(...said)}`;

/**
 * An e-mail the provider took (SENT) and the parent's mail server refused afterwards — told by
 * Resend's webhook (provider-events.ts) or by the relay's delivery report in the bounce mailbox
 * (read-bounces.ts): marked REFUSED with `reason`, and written in its account's history
 * (« Courriel non remis »), where the director reads it; « Accueil » lists it for the school.
 * Only an e-mail still SENT changes: a report told twice writes once. Returns whether one changed.
 */
export async function markBounced({
  providerId,
  reason,
  source,
}: {
  /** The id the provider gave the e-mail: Resend's id, or the Message-ID the relay was given. */
  providerId: string;
  /** For the académie's assistance (`npm run cli -- messages`); kept in the message's row, never logged. */
  reason: string;
  /** What told it, for the history's details and the log. */
  source: string;
}): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number; accountId: number | null; template: string }[]>`
      update outbound_message set status = 'REFUSED', error = ${reason.slice(0, 500)}, html = null, text = ''
       where provider_id = ${providerId} and channel = 'EMAIL' and status = 'SENT'
      returning id, account_id as "accountId", template`;
    await recordAudits(
      rows.flatMap((m) =>
        m.accountId === null
          ? []
          : [
              {
                actorType: 'SYSTEM' as const,
                action: 'courriel.refuse',
                accountId: m.accountId,
                details: { modele: m.template, evenement: source },
              },
            ],
      ),
      tx,
    );
    for (const m of rows) log.info({ messageId: m.id, modele: m.template, evenement: source }, 'courriel non remis');
    return rows.length > 0;
  });
}
