import 'server-only';
import { renderLetterEmail } from '@/emails/render';
import { renderLettersPdf, type ChunkRenderer, type PaperLetterInput } from '@/letters/render';
import { accountPeople, type AccountPeople } from '@/lib/accounts/account-people';
import {
  carriesPassword,
  chooseLetter,
  LETTER_VALIDITY_MS,
  type EmailLetter,
  type LetterCode,
} from '@/lib/accounts/letters';
import { passwordsHandedOut } from '@/lib/accounts/passwords-handed-out';
import { newProvisionalPassword } from '@/lib/accounts/provisional-password';
import { decryptSecret, sealBytes } from '@/lib/accounts/secrets';
import { recordAudits } from '@/lib/audit/record-audit';
import { appUrl, helpUrl, signInUrl } from '@/lib/config/settings';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { NotificationChannel } from '@/lib/generated/prisma/enums';
import { addJob } from '@/lib/jobs/add-job';
import { queueMessages, type MessageToQueue } from '@/lib/messaging/queue-message';

/** Accounts per transaction: each chunk commits its state changes, audit events and e-mails together. */
const CHUNK = 50;

interface Batch {
  id: number;
  schoolId: number;
  agentId: number | null;
  channel: NotificationChannel;
  reset: boolean;
  status: string;
  schoolName: string;
}

/** What one account of a chunk becomes; the chunk writes them all together (processChunk). */
interface Notified {
  accountId: number;
  letter: LetterCode;
  /** « Non notifié » → « Notifié et non activé », origin Etablissement. */
  first: boolean;
  /** A new provisional password replaces a chosen one, which stops working at once. */
  reset: boolean;
  provisional: string | null;
  message?: MessageToQueue;
}

/**
 * One account of a batch (guide §5.3, DESIGN.md §5): the letter of table A1.1; « Non notifié »
 * becomes « Notifié et non activé » (origin Etablissement) with its first provisional password —
 * never reset (the warning counts it); with a reset, any other account gets a new provisional
 * password and its chosen one stops working at once; the distribution date is now in every
 * case. Null when the account left the scope since the request (or has no address for an e-mail).
 */
async function notifyOne(batch: Batch, a: AccountPeople | undefined): Promise<Notified | null> {
  if (!a || (batch.channel === 'EMAIL' && !a.email)) return null;
  const wasNew = a.state === 'NON_NOTIFIE';
  const letter = chooseLetter({
    state: a.state,
    channel: batch.channel === 'PAPER' ? 'papier' : 'courriel',
    reset: batch.reset,
    provisionalPending: !wasNew && a.state !== 'NOTIFIE_NON_ACTIVE' && a.provisionalPasswordEnc !== null,
  });
  const resets = batch.reset && !wasNew;
  // A reset gives a new provisional password; a first letter needs one; nothing else changes a password.
  let provisional = a.provisionalPasswordEnc;
  if (resets) provisional = newProvisionalPassword();
  else if (wasNew || a.state === 'NOTIFIE_NON_ACTIVE') provisional ??= newProvisionalPassword();
  const notified: Notified = { accountId: a.accountId, letter, first: wasNew, reset: resets, provisional };
  if (batch.channel === 'EMAIL') {
    const password = carriesPassword(letter) && provisional ? decryptSecret(provisional) : null;
    const email = await renderLetterEmail({ ...letterInput(batch, a, password), code: letter as EmailLetter });
    notified.message = {
      channel: 'EMAIL',
      recipient: a.email!,
      subject: email.subject,
      template: email.template,
      html: email.html,
      text: email.text,
      accountId: a.accountId,
      idempotencyKey: `notification:${batch.id}:${a.accountId}`,
    };
  }
  return notified;
}

/**
 * The chunk's accounts written together, a few statements for the whole chunk rather than four per
 * account: their states, passwords and distribution dates, one audit event each, their e-mails.
 * Returns the ids of the e-mails recorded.
 */
async function writeNotified(tx: Tx, batch: Batch, all: Notified[], now: Date): Promise<number[]> {
  if (!all.length) return [];
  const until = new Date(now.getTime() + LETTER_VALIDITY_MS);
  await tx.$executeRaw`
    update account a
       set state = case when u.first then 'NOTIFIE_NON_ACTIVE'::account_state else a.state end,
           origin = case when u.first then 'ETABLISSEMENT'::account_origin else a.origin end,
           password_hash = case when u.reset then null else a.password_hash end,
           provisional_password_enc = u.provisional,
           distributed_at = ${now}, letter_valid_until = ${until}, updated_at = ${now}
      from unnest(${all.map((n) => n.accountId)}::int[], ${all.map((n) => n.first)}::bool[],
                  ${all.map((n) => n.reset)}::bool[], ${all.map((n) => n.provisional)}::text[])
           as u(id, first, reset, provisional)
     where a.id = u.id`;
  const actor =
    batch.agentId === null
      ? { actorType: 'SYSTEM' as const, actorId: 'cli' }
      : { actorType: 'AGENT' as const, actorId: String(batch.agentId) };
  await recordAudits(
    all.map((n) => ({
      ...actor,
      action: 'compte.notifie',
      accountId: n.accountId,
      schoolId: batch.schoolId,
      details: { lot: batch.id, canal: batch.channel, reinitialisation: n.reset, courrier: n.letter },
    })),
    tx,
  );
  return queueMessages(
    tx,
    all.flatMap((n) => (n.message ? [n.message] : [])),
    { ownJob: false },
  );
}

function letterInput(batch: Batch, a: AccountPeople, password: string | null) {
  return {
    recipient: a.recipient,
    schoolName: batch.schoolName,
    children: a.children,
    identifiant: a.identifiant,
    password,
    portalUrl: appUrl(),
    helpUrl: helpUrl(),
  };
}

/** The batch with its school's name; locked for the caller's transaction with `lock`. */
async function readBatch(tx: Tx, batchId: number, { lock }: { lock: boolean }): Promise<Batch | null> {
  const [batch] = await tx.$queryRaw<Batch[]>`
    select b.id, b.school_id as "schoolId", b.agent_id as "agentId", b.channel, b.reset, b.status,
           s.name as "schoolName"
      from notification_batch b join school s on s.id = b.school_id
     where b.id = ${batchId} ${lock ? Prisma.sql`for update of b` : Prisma.empty}`;
  return batch ?? null;
}

/** Processes the next chunk of a batch; false when nothing is left to process. */
async function processChunk(batchId: number): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      const batch = await readBatch(tx, batchId, { lock: true });
      if (!batch || batch.status === 'DONE' || batch.status === 'FAILED') return false;
      const items = await tx.notificationItem.findMany({
        where: { batchId, processedAt: null },
        orderBy: { position: 'asc' },
        take: CHUNK,
        select: { position: true, accountId: true },
      });
      if (!items.length) return false;
      const people = await accountPeople(tx, {
        schoolId: batch.schoolId,
        accountIds: items.map((i) => i.accountId),
        lock: true,
      });
      const notified: Notified[] = [];
      const letters: (LetterCode | null)[] = [];
      for (const item of items) {
        const n = await notifyOne(batch, people.get(item.accountId));
        if (n) notified.push(n);
        letters.push(n?.letter ?? null);
      }
      const now = new Date();
      const messageIds = await writeNotified(tx, batch, notified, now);
      await tx.$executeRaw`
        update notification_item i set letter = u.letter, processed_at = ${now}
          from unnest(${items.map((i) => i.position)}::int[], ${letters}::text[]) as u(position, letter)
         where i.batch_id = ${batchId} and i.position = u.position`;
      const handedOut = {
        resetIds: notified.filter((n) => n.reset).map((n) => n.accountId),
        identifiants: notified.map((n) => people.get(n.accountId)!.identifiant),
      };
      // « Non notifié » accounts of a batch with a reset: their first password is not a reset (the warning).
      const notReset = batch.reset ? notified.filter((n) => n.first).length : 0;
      await passwordsHandedOut(tx, handedOut);
      // The chunk's e-mails leave together (at most CHUNK ≤ 100: one call to Resend's batch endpoint).
      if (messageIds.length) {
        await addJob(tx, 'send-messages', { messageIds }, { jobKey: `messages:${batchId}:${items[0].position}` });
      }
      await tx.notificationBatch.update({
        where: { id: batchId },
        data: { status: 'RUNNING', done: { increment: items.length }, notReset: { increment: notReset } },
      });
      return true;
    },
    { timeout: 120_000 },
  );
}

/** The PDF of a paper batch: one page per notified account, in the batch's order, with today's password. */
async function renderBatchLetters(batchId: number, renderChunks?: ChunkRenderer): Promise<Uint8Array> {
  const batch = await readBatch(db, batchId, { lock: false });
  if (!batch) throw new Error(`lot ${batchId} introuvable`);
  const items = await db.notificationItem.findMany({
    where: { batchId, letter: { not: null } },
    orderBy: { position: 'asc' },
    select: { accountId: true, letter: true },
  });
  const people = await accountPeople(db, { schoolId: batch.schoolId, accountIds: items.map((i) => i.accountId) });
  const letters: PaperLetterInput[] = [];
  for (const item of items) {
    const a = people.get(item.accountId);
    if (!a) continue;
    const code = item.letter as LetterCode;
    const password = carriesPassword(code) && a.provisionalPasswordEnc ? decryptSecret(a.provisionalPasswordEnc) : null;
    letters.push({ ...letterInput(batch, a, password), code, signInUrl: signInUrl(a.identifiant) });
  }
  return renderLettersPdf(letters, { renderChunks });
}

/**
 * Runs a notification batch to its end (the `notification-batch` job, and the request itself for
 * small batches): chunk after chunk, then the PDF of a paper batch. A worker killed in the middle
 * resumes at the first unprocessed account: no account is notified, reset or e-mailed twice.
 */
export async function processNotificationBatch({
  batchId,
  renderChunks,
}: {
  batchId: number;
  /** How the chunks of a large PDF are rendered (jobs and the CLI: on threads, letters/render-parallel.ts). */
  renderChunks?: ChunkRenderer;
}): Promise<void> {
  while (await processChunk(batchId)) {
    /* next chunk */
  }
  const batch = await db.notificationBatch.findUnique({
    where: { id: batchId },
    select: { channel: true, status: true },
  });
  if (!batch || batch.status === 'DONE' || batch.status === 'FAILED') return;
  const pdf = batch.channel === 'PAPER' ? await renderBatchLetters(batchId, renderChunks) : null;
  await db.notificationBatch.updateMany({
    where: { id: batchId, status: { notIn: ['DONE', 'FAILED'] } },
    data: { status: 'DONE', finishedAt: new Date(), ...(pdf ? { pdf: new Uint8Array(sealBytes(pdf)) } : {}) },
  });
}
