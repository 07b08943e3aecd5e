import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
import { closeAccountSessions } from '@/lib/auth/guardian-sessions';
import type { Tx } from '@/lib/database/prisma';

/**
 * Regroupement (guide §1.2): the children of `absorbedIds` move onto `survivorId`. Each absorbed
 * account is marked merged into the survivor: it can no longer sign in, directors no longer see
 * it, and its guardians' directory records now carry the surviving account (their rows show its
 * identifiant). A FranceConnect link moves to the survivor when it has none.
 */
export async function mergeAccounts(
  tx: Tx,
  { survivorId, absorbedIds }: { survivorId: number; absorbedIds: number[] },
): Promise<void> {
  const absorbed = absorbedIds.filter((id) => id !== survivorId);
  if (absorbed.length === 0) return;
  const [survivor, absorbedRows] = await Promise.all([
    tx.account.findUniqueOrThrow({ where: { id: survivorId }, select: { franceConnectSub: true } }),
    tx.account.findMany({ where: { id: { in: absorbed } }, select: { franceConnectSub: true } }),
  ]);
  const now = new Date();
  await tx.account.updateMany({
    where: { id: { in: absorbed } },
    data: { deletedAt: now, mergedIntoId: survivorId, franceConnectSub: null },
  });
  const movedSub = absorbedRows.find((r) => r.franceConnectSub)?.franceConnectSub;
  if (!survivor.franceConnectSub && movedSub) {
    await tx.account.update({ where: { id: survivorId }, data: { franceConnectSub: movedSub } });
  }
  await tx.guardian.updateMany({ where: { accountId: { in: absorbed } }, data: { accountId: survivorId } });
  await tx.activationToken.updateMany({
    where: { accountId: { in: absorbed }, usedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  await closeAccountSessions(absorbed, tx);
  for (const id of absorbed) {
    await recordAudit(
      {
        actorType: 'GUARDIAN',
        actorId: String(survivorId),
        action: 'compte.regroupe',
        accountId: id,
        details: { dans: survivorId },
      },
      tx,
    );
  }
}
