import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
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
  const survivor = await tx.account.findUniqueOrThrow({
    where: { id: survivorId },
    select: { franceConnectSub: true },
  });
  let sub = survivor.franceConnectSub;
  for (const id of absorbed) {
    const { franceConnectSub } = await tx.account.update({
      where: { id },
      data: { deletedAt: new Date(), mergedIntoId: survivorId, franceConnectSub: null },
      select: { franceConnectSub: true },
    });
    if (!sub && franceConnectSub) {
      sub = franceConnectSub;
      await tx.account.update({ where: { id: survivorId }, data: { franceConnectSub: sub } });
    }
    await tx.guardian.updateMany({ where: { accountId: id }, data: { accountId: survivorId } });
    await tx.guardianSession.deleteMany({ where: { accountId: id } });
    await tx.activationToken.updateMany({
      where: { accountId: id, usedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
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
