import 'server-only';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import type { ActorType } from '@/lib/generated/prisma/enums';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';

export interface AuditEntry {
  actorType: ActorType;
  actorId?: string | null;
  /** What happened, as `object.verb` (`compte.consulte`, `compte.notifie`…). */
  action: string;
  accountId?: number | null;
  schoolId?: number | null;
  /** Never a password, a token or a code. */
  details?: Prisma.InputJsonValue;
}

const row = (entry: AuditEntry) => ({
  actorType: entry.actorType,
  actorId: entry.actorId ?? null,
  action: entry.action,
  accountId: entry.accountId ?? null,
  schoolId: entry.schoolId ?? null,
  details: entry.details,
});

/** Who did what to which account, when — in the caller's transaction when one is given. */
export async function recordAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  await tx.auditEvent.create({ data: row(entry) });
}

/** Several events in one statement (a chunk of a notification batch: one per account). */
export async function recordAudits(entries: AuditEntry[], tx: Tx = db): Promise<void> {
  if (entries.length) await tx.auditEvent.createMany({ data: entries.map(row) });
}

/**
 * The same event once per account it concerns, in one statement: an export or a download that
 * shows passwords is recorded against each account it showed, so that an account's history says
 * who saw its password.
 */
export async function recordAuditForAccounts(
  entry: Omit<AuditEntry, 'accountId'>,
  accountIds: number[],
  tx: Tx = db,
): Promise<void> {
  await recordAudits(
    [...new Set(accountIds)].map((accountId) => ({ ...entry, accountId })),
    tx,
  );
}

/**
 * A director's request that reached beyond their schools (an account id, selected rows, a school
 * that is not theirs): refused by the caller, recorded here with what was asked, and logged for
 * the operator. Nothing about the refused rows is shown to the director.
 */
export async function recordRefusal(
  {
    agentId,
    schoolId,
    target,
    count,
    accountId,
  }: {
    agentId: number;
    schoolId: number | null;
    /** What was refused: « compte », « liste », « notification », « réinitialisation », « école ». */
    target: string;
    count?: number;
    /** The account asked for, when it exists (then its own history shows the attempt). */
    accountId?: number | null;
  },
  tx: Tx = db,
): Promise<void> {
  await recordAudit(
    {
      actorType: 'AGENT',
      actorId: String(agentId),
      action: 'acces.refuse',
      schoolId,
      accountId: accountId ?? null,
      details: { cible: target, ...(count === undefined ? {} : { lignes: count }) },
    },
    tx,
  );
  log.warn(
    { agentId, schoolId, cible: target, lignes: count, compte: accountId },
    'accès refusé hors des écoles du directeur',
  );
}
