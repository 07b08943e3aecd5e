/**
 * A delivery status notification (RFC 3464) as a relay sends one back to the envelope sender when
 * it cannot deliver an e-mail: a `multipart/report; report-type=delivery-status` whose
 * `message/delivery-status` part says, per recipient, the Action (`failed` for good, `delayed` while
 * it still tries…), the Status (`5.1.1`) and the remote server's answer, and whose last part gives
 * back the e-mail's headers (`text/rfc822-headers`) or the whole e-mail (`message/rfc822`), with the
 * Message-ID the relay was given — the id this service kept (`provider_id`). The parts of a report
 * are plain text fields, read here directly (a general mail parser merges the status part into the
 * report's text).
 */
export interface DeliveryReport {
  /** The returned e-mail's Message-ID, angle brackets included, as nodemailer gave it; null if absent. */
  messageId: string | null;
  /** `failed` when any recipient failed; else the first recipient's action, lower case. */
  action: string;
  status: string | null;
  /** The remote server's answer (`Diagnostic-Code`), unfolded. */
  diagnostic: string | null;
}

const unfold = (text: string) => text.replace(/\r?\n[ \t]+/g, ' ');

/** A part's (or a message's) headers and body, split at the first empty line. */
function split(text: string): { headers: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? { headers: text.slice(0, m.index), body: text.slice(m.index + m[0].length) } : { headers: text, body: '' };
}

/** The value of header `name` (unfolded), or ''. */
function header(headers: string, name: string): string {
  return new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, 'im').exec(unfold(headers))?.[1].trim() ?? '';
}

/** Whether a message (TOP's answer, or a whole e-mail) announces a delivery status notification in its headers. */
export function isDeliveryReport(message: string): boolean {
  const type = header(split(message).headers, 'content-type');
  return /^multipart\/report\b/i.test(type) && /report-type\s*=\s*"?delivery-status"?/i.test(type);
}

/** The fields of one block of a `message/delivery-status` part (name lower-cased, values unfolded). */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of unfold(block).split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1].toLowerCase())) out.set(m[1].toLowerCase(), m[2].trim());
  }
  return out;
}

/** The report `raw` carries, or null when it is not a delivery status notification. */
export function readDeliveryReport(raw: Buffer | string): DeliveryReport | null {
  const { headers, body } = split(typeof raw === 'string' ? raw : raw.toString('latin1'));
  if (!isDeliveryReport(headers)) return null;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(header(headers, 'content-type'));
  if (!boundary) return null;
  const mark = `--${boundary[1] ?? boundary[2]}`;
  const parts = body
    .split(mark)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((p) => {
      const part = split(p.replace(/^\r?\n/, ''));
      const encoding = header(part.headers, 'content-transfer-encoding').toLowerCase();
      const content = encoding === 'base64' ? Buffer.from(part.body, 'base64').toString('latin1') : part.body;
      return { type: header(part.headers, 'content-type').split(';')[0].trim().toLowerCase(), content };
    });
  const status = parts.find((p) => p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status');
  if (!status) return null;
  // The first block is the report's own fields (Reporting-MTA…); each following one is a recipient's.
  const recipients = status.content
    .split(/\r?\n[ \t]*\r?\n/)
    .map(fields)
    .filter((f) => f.has('action'));
  if (!recipients.length) return null;
  const chosen = recipients.find((f) => f.get('action')!.toLowerCase() === 'failed') ?? recipients[0];
  const original = parts.find((p) => ['text/rfc822-headers', 'message/rfc822', 'message/global'].includes(p.type));
  const returned = original ? split(original.content).headers : '';
  return {
    messageId: /^<[^>\s]+>$/.exec(header(returned, 'message-id'))?.[0] ?? null,
    action: chosen.get('action')!.toLowerCase(),
    status: chosen.get('status') ?? null,
    diagnostic: chosen.get('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? null,
  };
}
