import 'server-only';
import { db } from '@/lib/db';
import type { AccountOrigin, AccountState } from '@/lib/generated/prisma/enums';
import { displayedPassword } from '@/lib/accounts/account-list';
import { recordAudit } from '@/lib/audit/record-audit';

export interface AccountDetail {
  id: number;
  identifiant: string;
  /** In clear when provisional, `*****` once chosen, null for « Non notifié » (guide §5.2). */
  motDePasse: string | null;
  email: string | null;
  mobile: string | null;
  origine: AccountOrigin;
  etat: AccountState;
  distributedAt: Date | null;
  lastLoginAt: Date | null;
  elevesEcole: { prenom: string; nom: string; naissance: Date | null; classe: string }[];
  elevesAutres: { prenom: string; nom: string; naissance: Date | null; uai: string; ecole: string }[];
}

/**
 * An account as a director of `schoolId` may see it: live (not merged), and the account of a legal
 * guardian of a pupil of that school. Anything else is null — « not found », never « forbidden ».
 * Reading it shows the provisional password, so the view is audited.
 */
export async function getAccountForDirector({
  accountId,
  schoolId,
  agentId,
}: {
  accountId: number;
  schoolId: number;
  agentId: number;
}): Promise<AccountDetail | null> {
  const account = await db.account.findFirst({
    where: {
      id: accountId,
      deletedAt: null,
      guardians: { some: { pupils: { some: { legal: true, pupil: { schoolId, detachedAt: null } } } } },
    },
    select: {
      id: true,
      identifiant: true,
      state: true,
      origin: true,
      provisionalPasswordEnc: true,
      passwordHash: true,
      email: true,
      mobile: true,
      distributedAt: true,
      lastLoginAt: true,
      guardians: {
        select: {
          email: true,
          mobile: true,
          pupils: {
            where: { legal: true, pupil: { detachedAt: null, schoolId: { not: null } } },
            select: {
              pupil: {
                select: {
                  firstName: true,
                  lastName: true,
                  birthDate: true,
                  schoolId: true,
                  schoolClass: { select: { label: true } },
                  school: { select: { uai: true, name: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!account) return null;
  await recordAudit({ actorType: 'AGENT', actorId: String(agentId), action: 'compte.consulte', accountId, schoolId });
  const pupils = account.guardians.flatMap((g) => g.pupils.map((l) => l.pupil));
  const seen = new Set<string>();
  const unique = pupils.filter((p) => {
    const k = `${p.lastName}|${p.firstName}|${p.birthDate?.toISOString()}|${p.schoolId}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const byName = (a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }) =>
    a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr');
  const password = displayedPassword({
    state: account.state,
    provisionalPasswordEnc: account.provisionalPasswordEnc,
    passwordHash: account.passwordHash,
  });
  return {
    id: account.id,
    identifiant: account.identifiant,
    motDePasse: password || null,
    email: account.email ?? account.guardians.find((g) => g.email)?.email ?? null,
    mobile: account.mobile ?? account.guardians.find((g) => g.mobile)?.mobile ?? null,
    origine: account.origin,
    etat: account.state,
    distributedAt: account.distributedAt,
    lastLoginAt: account.lastLoginAt,
    elevesEcole: unique
      .filter((p) => p.schoolId === schoolId)
      .sort(byName)
      .map((p) => ({
        prenom: p.firstName,
        nom: p.lastName,
        naissance: p.birthDate,
        classe: p.schoolClass?.label ?? '',
      })),
    elevesAutres: unique
      .filter((p) => p.schoolId !== schoolId && p.school)
      .sort(byName)
      .map((p) => ({
        prenom: p.firstName,
        nom: p.lastName,
        naissance: p.birthDate,
        uai: p.school!.uai,
        ecole: p.school!.name,
      })),
  };
}
