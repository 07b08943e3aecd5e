import 'server-only';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import { DomainError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { SmsPurpose } from '@/lib/generated/prisma/enums';
import { queueMessage } from '@/lib/messaging/queue-message';
import { smsCodeText } from '@/lib/portal/sms-texts';

/**
 * The state of a multi-step path (SMS signup, FranceConnect linking) between its screens,
 * kept in PostgreSQL under the SHA-256 of a random token that the browser holds in a cookie.
 * A path not finished in 30 minutes is forgotten. Its SMS code (DESIGN.md §6): 6 digits, valid
 * 10 minutes, 5 tries.
 */
export const FLOW_TTL_MS = 30 * 60_000;
export const SMS_CODE_TTL_MS = 10 * 60_000;
export const SMS_CODE_TRIES = 5;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export interface Flow<D> {
  id: string;
  data: D;
}

export async function openFlow<D extends object>(
  purpose: SmsPurpose,
  data: D,
  tx: Tx = db,
): Promise<{ token: string; id: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = sha256(token);
  await tx.portalFlow.create({
    data: {
      id,
      purpose,
      data: data as Prisma.InputJsonObject,
      expiresAt: new Date(Date.now() + FLOW_TTL_MS),
    },
  });
  return { token, id };
}

/** The live path of a cookie, or FLOW_EXPIRED. */
export async function readFlow<D>(token: string | undefined, purpose: SmsPurpose, tx: Tx = db): Promise<Flow<D>> {
  if (!token || token.length > 100) throw new DomainError('FLOW_EXPIRED');
  const row = await tx.portalFlow.findFirst({
    where: { id: sha256(token), purpose, expiresAt: { gt: new Date() } },
    select: { id: true, data: true },
  });
  if (!row) throw new DomainError('FLOW_EXPIRED');
  return { id: row.id, data: row.data as D };
}

/**
 * A live path by its id, for the work its screens leave to the workers (later.ts), or null: ended,
 * expired, or of another purpose.
 */
export async function readFlowById<D>(id: string, purpose: SmsPurpose, tx: Tx = db): Promise<Flow<D> | null> {
  const row = await tx.portalFlow.findFirst({
    where: { id, purpose, expiresAt: { gt: new Date() } },
    select: { id: true, data: true },
  });
  return row && { id: row.id, data: row.data as D };
}

export async function saveFlow<D extends object>(id: string, data: D, tx: Tx = db): Promise<void> {
  await tx.portalFlow.update({ where: { id }, data: { data: data as Prisma.InputJsonObject } });
}

export async function closeFlow(id: string, tx: Tx = db): Promise<void> {
  await tx.portalFlow.deleteMany({ where: { id } });
}

/** Queues a new 6-digit code for the path (the previous one stops working) and returns its row id. */
export async function sendSmsCode(
  tx: Tx,
  { flowId, purpose, mobile }: { flowId: string; purpose: SmsPurpose; mobile: string },
): Promise<number> {
  // An earlier code of the path not sent yet (a gateway slow to answer, a parent pressing « Renvoyer un
  // code ») never leaves: only the last code works, and three codes arriving together would mislead.
  await tx.$executeRaw`
    update outbound_message
       set status = 'EXPIRED', html = null, text = '', error = 'non envoyé : remplacé par un nouveau code'
     where idempotency_key in (select 'sms-code:' || id from sms_code
                                where mobile = ${mobile} and context->>'flowId' = ${flowId})
       and status in ('PENDING', 'FAILED')`;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + SMS_CODE_TTL_MS);
  const row = await tx.smsCode.create({
    data: { purpose, mobile, codeHash: sha256(`${flowId}:${code}`), context: { flowId }, expiresAt },
    select: { id: true },
  });
  await queueMessage(tx, {
    channel: 'SMS',
    recipient: mobile,
    template: 'code-sms',
    text: smsCodeText(code, SMS_CODE_TTL_MS / 60_000),
    idempotencyKey: `sms-code:${row.id}`,
    sendBefore: expiresAt,
  });
  return row.id;
}

/**
 * Checks a typed code against the path's last code, outside any transaction so that a wrong
 * try is counted even when the caller's work stops there. A path that sent no code (nobody
 * matched) refuses every code exactly like a wrong one, so the screens never tell a known
 * number from an unknown one.
 */
export async function checkSmsCode({
  flowId,
  smsCodeId,
  code,
}: {
  flowId: string;
  smsCodeId: number | null;
  code: string;
}): Promise<void> {
  if (smsCodeId === null) throw new DomainError('SMS_CODE_INVALID');
  const { count } = await db.smsCode.updateMany({
    where: {
      id: smsCodeId,
      codeHash: sha256(`${flowId}:${code}`),
      consumedAt: null,
      expiresAt: { gt: new Date() },
      attempts: { lt: SMS_CODE_TRIES },
    },
    data: { consumedAt: new Date() },
  });
  if (count === 1) return;
  const [row] = await db.$queryRaw<{ attempts: number }[]>`
    update sms_code set attempts = attempts + 1 where id = ${smsCodeId} and attempts < ${SMS_CODE_TRIES}
    returning attempts`;
  throw new DomainError(!row || row.attempts >= SMS_CODE_TRIES ? 'SMS_CODE_EXHAUSTED' : 'SMS_CODE_INVALID');
}
