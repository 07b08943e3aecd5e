import 'server-only';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import type { ActorType } from '@/lib/generated/prisma/enums';
import type { Prisma } from '@/lib/generated/prisma/client';

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

/** Who did what to which account, when — in the caller's transaction when one is given. */
export async function recordAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: entry.actorType,
      actorId: entry.actorId ?? null,
      action: entry.action,
      accountId: entry.accountId ?? null,
      schoolId: entry.schoolId ?? null,
      details: entry.details,
    },
  });
}
