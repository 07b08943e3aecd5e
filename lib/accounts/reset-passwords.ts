import 'server-only';
import { accountPeople } from '@/lib/accounts/account-people';
import { newProvisionalPassword } from '@/lib/accounts/provisional-password';
import { rowsInScope, type SelectedRow } from '@/lib/accounts/search-accounts';
import { passwordsHandedOut } from '@/lib/accounts/passwords-handed-out';
import { LETTER_VALIDITY_MS } from '@/lib/accounts/letters';
import { recordAudit, recordRefusal } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';

export interface ResetOutcome {
  /** Accounts given a new provisional password. */
  reset: number;
  /** Accounts « Non notifié », left as they were (guide §5.5's warning). */
  notReset: number;
}

/**
 * « Réinitialiser le(s) mot(s) de passe » (guide §5.5): each selected account of the school's
 * scope gets a new provisional password — the old one, provisional or chosen, stops working at
 * once — except « Non notifié » accounts, which keep theirs. The state does not change; the
 * director must (re)notify the account to hand the new password out, or read it out (§3.2): it
 * works 3 months. The parent's open sessions end and a sign-in lock is lifted. One transaction.
 */
export async function resetPasswords({
  schoolId,
  agentId,
  rows,
}: {
  schoolId: number;
  agentId: number;
  rows: SelectedRow[];
}): Promise<ResetOutcome> {
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  return db.$transaction(async (tx) => {
    const inScope = new Set((await rowsInScope({ schoolId, rows, tx })).map((r) => r.accountId));
    const refused = accountIds.filter((id) => !inScope.has(id)).length;
    if (refused) await recordRefusal({ agentId, schoolId, target: 'réinitialisation', count: refused }, tx);
    const people = await accountPeople(tx, {
      schoolId,
      accountIds: accountIds.filter((id) => inScope.has(id)),
      lock: true,
    });
    let notReset = 0;
    const resetAccounts: { accountId: number; identifiant: string }[] = [];
    const validUntil = new Date(Date.now() + LETTER_VALIDITY_MS);
    for (const a of people.values()) {
      if (a.state === 'NON_NOTIFIE') {
        notReset++;
        continue;
      }
      await tx.account.update({
        where: { id: a.accountId },
        data: { provisionalPasswordEnc: newProvisionalPassword(), passwordHash: null, letterValidUntil: validUntil },
      });
      await recordAudit(
        {
          actorType: 'AGENT',
          actorId: String(agentId),
          action: 'compte.reinitialise',
          accountId: a.accountId,
          schoolId,
        },
        tx,
      );
      resetAccounts.push(a);
    }
    await passwordsHandedOut(tx, {
      resetIds: resetAccounts.map((a) => a.accountId),
      identifiants: resetAccounts.map((a) => a.identifiant),
    });
    return { reset: resetAccounts.length, notReset };
  });
}
