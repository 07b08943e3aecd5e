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
import { decryptSecret } from '@/lib/accounts/secrets';
import { recordAudit } from '@/lib/audit/record-audit';
import { appUrl, helpUrl, signInUrl } from '@/lib/config/settings';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { NotificationChannel } from '@/lib/generated/prisma/enums';
import { addJob } from '@/lib/jobs/add-job';
import { queueMessage } from '@/lib/messaging/queue-message';

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

/**
 * One account of a batch (guide §5.3, DESIGN.md §5): the letter of table A1.1; « Non notifié »
 * becomes « Notifié et non activé » (origin Etablissement) with its first provisional password —
 * never reset (the warning counts it); with a reset, any other account gets a new provisional
 * password and its chosen one stops working at once; the distribution date is now in every
 * case. Returns the letter, or null when the account left the scope since the request.
 */
async function notifyOne(
  tx: Tx,
  batch: Batch,
  a: AccountPeople | undefined,
): Promise<{ letter: LetterCode | null; notReset: boolean; reset?: boolean; messageId?: number | null }> {
  if (!a || (batch.channel === 'EMAIL' && !a.email)) return { letter: null, notReset: false };
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
  const now = new Date();
  await tx.account.update({
    where: { id: a.accountId },
    data: {
      ...(wasNew ? { state: 'NOTIFIE_NON_ACTIVE', origin: 'ETABLISSEMENT' } : {}),
      ...(resets ? { passwordHash: null } : {}),
      provisionalPasswordEnc: provisional,
      distributedAt: now,
      letterValidUntil: new Date(now.getTime() + LETTER_VALIDITY_MS),
    },
  });
  await recordAudit(
    {
      ...(batch.agentId === null
        ? { actorType: 'SYSTEM' as const, actorId: 'cli' }
        : { actorType: 'AGENT' as const, actorId: String(batch.agentId) }),
      action: 'compte.notifie',
      accountId: a.accountId,
      schoolId: batch.schoolId,
      details: { lot: batch.id, canal: batch.channel, reinitialisation: resets, courrier: letter },
    },
    tx,
  );
  if (batch.channel === 'EMAIL') {
    const password = carriesPassword(letter) && provisional ? decryptSecret(provisional) : null;
    const email = await renderLetterEmail({
      ...letterInput(batch, a, password),
      code: letter as EmailLetter,
    });
    const messageId = await queueMessage(
      tx,
      {
        channel: 'EMAIL',
        recipient: a.email!,
        subject: email.subject,
        template: email.template,
        html: email.html,
        text: email.text,
        accountId: a.accountId,
        idempotencyKey: `notification:${batch.id}:${a.accountId}`,
      },
      { ownJob: false },
    );
    return { letter, notReset: batch.reset && wasNew, reset: resets, messageId };
  }
  return { letter, notReset: batch.reset && wasNew, reset: resets };
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
      let notReset = 0;
      const messageIds: number[] = [];
      const handedOut = { resetIds: [] as number[], identifiants: [] as string[] };
      for (const item of items) {
        const a = people.get(item.accountId);
        const r = await notifyOne(tx, batch, a);
        if (r.notReset) notReset++;
        if (r.messageId) messageIds.push(r.messageId);
        if (r.letter && a) handedOut.identifiants.push(a.identifiant);
        if (r.reset) handedOut.resetIds.push(item.accountId);
        await tx.notificationItem.update({
          where: { batchId_position: { batchId, position: item.position } },
          data: { letter: r.letter, processedAt: new Date() },
        });
      }
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
    data: { status: 'DONE', finishedAt: new Date(), ...(pdf ? { pdf: new Uint8Array(pdf) } : {}) },
  });
}
