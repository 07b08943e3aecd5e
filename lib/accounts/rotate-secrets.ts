import 'server-only';
import { resealSecretKeyCheck } from '@/lib/accounts/secret-key-check';
import { resealBytes, resealSecret } from '@/lib/accounts/secrets';
import { db } from '@/lib/db';
import { resealBody } from '@/lib/messaging/message-body';

export interface RotationReport {
  /** Provisional passwords sealed again with the current key. */
  motsDePasse: number;
  /** Letters' PDFs. */
  courriers: number;
  /** Bodies of messages not yet sent (or kept by the demo's outbox). */
  messages: number;
}

const PAGE = 500;

/**
 * `npm run cli -- secrets:rotate` (DECISIONS « Rotating the secrets' key »): everything a previous
 * key sealed — provisional passwords, letters' PDFs, waiting messages' bodies — is sealed again with
 * the current one, page by page (each page its own short transaction: the service keeps running).
 * A value that changed meanwhile (a reset, a batch) is left as it is: whatever wrote it used the
 * current key. Run it again and it finds nothing to do; then ACCOUNT_SECRET_KEYS_PREVIOUS can go.
 */
export async function rotateSecrets(): Promise<RotationReport> {
  const report: RotationReport = { motsDePasse: 0, courriers: 0, messages: 0 };

  for (let after = 0; ;) {
    const rows = await db.$queryRaw<{ id: number; enc: string }[]>`
      select id, provisional_password_enc as enc from account
       where provisional_password_enc is not null and id > ${after} order by id limit ${PAGE}`;
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    const changed = rows.flatMap((r) => {
      const next = resealSecret(r.enc);
      return next ? [{ id: r.id, old: r.enc, next }] : [];
    });
    if (changed.length) {
      report.motsDePasse += await db.$executeRaw`
        update account a set provisional_password_enc = v.next
          from unnest(${changed.map((c) => c.id)}::int[], ${changed.map((c) => c.old)}::text[],
                      ${changed.map((c) => c.next)}::text[]) as v(id, old, next)
         where a.id = v.id and a.provisional_password_enc = v.old`;
    }
  }

  // PDFs one by one (several megabytes each); the guard compares their first 32 bytes (magic, IV and
  // tag: unique to one sealing).
  for (let after = 0; ;) {
    const [batch] = await db.$queryRaw<{ id: number; pdf: Uint8Array }[]>`
      select id, pdf from notification_batch where pdf is not null and id > ${after} order by id limit 1`;
    if (!batch) break;
    after = batch.id;
    const next = resealBytes(batch.pdf);
    if (next) {
      report.courriers += await db.$executeRaw`
        update notification_batch set pdf = ${new Uint8Array(next)}
         where id = ${batch.id} and substring(pdf from 1 for 32) = ${new Uint8Array(batch.pdf.subarray(0, 32))}`;
    }
  }

  for (let after = 0; ;) {
    const rows = await db.$queryRaw<{ id: number; html: string | null; text: string }[]>`
      select id, html, text from outbound_message
       where (text <> '' or html is not null) and id > ${after} order by id limit ${PAGE}`;
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    const changed = rows.flatMap((r) => {
      const text = resealBody(r.text);
      const html = r.html === null ? null : resealBody(r.html);
      return text || html ? [{ id: r.id, text: text ?? r.text, html: html ?? r.html, oldText: r.text }] : [];
    });
    if (changed.length) {
      report.messages += await db.$executeRaw`
        update outbound_message m set text = v.text, html = v.html
          from unnest(${changed.map((c) => c.id)}::int[], ${changed.map((c) => c.text)}::text[],
                      ${changed.map((c) => c.html)}::text[], ${changed.map((c) => c.oldText)}::text[])
               as v(id, text, html, old_text)
         where m.id = v.id and m.text = v.old_text`;
    }
  }
  // The sentinel that tells a process with another key (secret-key-check.ts): sealed with the new key too.
  await resealSecretKeyCheck();
  return report;
}
