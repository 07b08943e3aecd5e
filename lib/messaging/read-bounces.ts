import 'server-only';
import { workerNumber } from '@/lib/config/worker-numbers';
import { bounceReason, markBounced } from '@/lib/messaging/bounces';
import { isDeliveryReport, readDeliveryReport } from '@/lib/messaging/delivery-reports';
import { openPop3 } from '@/lib/messaging/pop3';

/** SMTP_BOUNCES_URL: the POP3 mailbox where the relay returns what it could not deliver (MAIL_FROM's). */
export function bouncesMailbox(env: Record<string, string | undefined> = process.env): string | null {
  return env.SMTP_BOUNCES_URL || null;
}

/** At most this many messages read in one run (every 5 minutes): a backlog is read over several runs. */
const PER_RUN = 500;
/** A report returns at most our e-mail (a few kilobytes, no attachment): anything larger is not read. */
const REPORT_MAX_BYTES = 1024 * 1024;

export interface BounceRun {
  /** Delivery reports read and removed from the mailbox. */
  rapports: number;
  /** E-mails of ours that they turned into « non remis ». */
  nonRemis: number;
  /** Other messages (an out-of-office answer, a parent's reply, anything over 1 MB), left in the mailbox. */
  laisses: number;
}

/**
 * The `read-bounces` job (every 5 minutes, when SMTP_BOUNCES_URL is set): an académie's relay takes
 * every e-mail for the whole Internet and only afterwards, when the parent's server refuses it,
 * sends a delivery report back to the envelope sender. Each report in the mailbox is read (headers
 * first: other mail is left, unread); a definitive failure of one of our e-mails (found by the
 * Message-ID the relay was given, kept as `provider_id`) marks it « non remis » (bounces.ts); every
 * report is then deleted — at the end of the run, so that a run that fails deletes nothing and the
 * next one reads them again (recording one twice changes nothing).
 */
export async function readBounces(address = bouncesMailbox()): Promise<BounceRun | null> {
  if (!address) return null;
  const box = await openPop3(address, { timeoutMs: workerNumber('PROVIDER_TIMEOUT_MS') });
  const run: BounceRun = { rapports: 0, nonRemis: 0, laisses: 0 };
  try {
    for (const { n, size } of (await box.list()).slice(0, PER_RUN)) {
      const head = size > REPORT_MAX_BYTES ? null : await box.headers(n);
      if (!head || !isDeliveryReport(head.text.toString('latin1'))) {
        run.laisses++;
        continue;
      }
      const report = readDeliveryReport(head.whole ? head.text : await box.retrieve(n));
      if (report?.action === 'failed' && report.messageId) {
        if (
          await markBounced({
            providerId: report.messageId,
            reason: bounceReason(report.status, report.diagnostic),
            source: 'rapport SMTP',
          })
        )
          run.nonRemis++;
      }
      await box.remove(n);
      run.rapports++;
    }
    await box.quit();
    return run;
  } finally {
    box.close();
  }
}
