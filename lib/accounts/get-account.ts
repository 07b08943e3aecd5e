import 'server-only';
import { db } from '@/lib/db';
import type { AccountOrigin, AccountState } from '@/lib/generated/prisma/enums';
import { displayedPassword, MASKED_PASSWORD } from '@/lib/accounts/account-list';
import { accountHistory, type HistoryEntry } from '@/lib/audit/account-history';
import { recordAudit, recordRefusal } from '@/lib/audit/record-audit';

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
  /** « Historique »: who did what to the account, who saw its password (newest first). */
  historique: HistoryEntry[];
}

interface ScopeRow {
  pupilId: number;
  prenom: string;
  nom: string;
  naissance: Date | null;
  schoolId: number;
  classe: string;
  uai: string;
  ecole: string;
  identifiant: string;
  state: AccountState;
  origin: AccountOrigin;
  accountEmail: string | null;
  guardianEmail: string | null;
  accountMobile: string | null;
  guardianMobile: string | null;
  distributedAt: Date | null;
  lastLoginAt: Date | null;
  provisionalPasswordEnc: string | null;
  passwordHash: string | null;
}

/**
 * An account as a director of `schoolId` sees it (guide §5.2): reachable only when the director
 * scope of that school holds it; anything else is null — « not found », never « forbidden ».
 * Its children are its scope rows in every school. Reading it may show the provisional password,
 * so the view is audited, saying whether it did.
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
  const rows = await db.$queryRaw<ScopeRow[]>`
    select distinct on (s.pupil_id)
           s.pupil_id as "pupilId", s.pupil_first_name as prenom, s.pupil_last_name as nom,
           s.pupil_birth_date as naissance, s.school_id as "schoolId", c.label as classe, sc.uai, sc.name as ecole,
           s.identifiant, s.state, s.origin, s.account_email as "accountEmail", s.guardian_email as "guardianEmail",
           s.account_mobile as "accountMobile", s.guardian_mobile as "guardianMobile",
           s.distributed_at as "distributedAt", s.last_login_at as "lastLoginAt",
           s.provisional_password_enc as "provisionalPasswordEnc", s.password_hash as "passwordHash"
      from director_scope s
      join school_class c on c.id = s.class_id
      join school sc on sc.id = s.school_id
     where s.account_id = ${accountId}
     order by s.pupil_id, s.guardian_email nulls last, s.guardian_mobile nulls last`;
  if (!rows.some((r) => r.schoolId === schoolId)) {
    // Another school's account (it has scope rows elsewhere): the attempt goes to its history.
    if (rows.length) await recordRefusal({ agentId, schoolId, target: 'compte', accountId });
    return null;
  }
  const a = rows[0];
  const password = displayedPassword(a);
  // Who saw which password: the history says whether this view showed one in clear.
  await recordAudit({
    ...{ actorType: 'AGENT', actorId: String(agentId), action: 'compte.consulte', accountId, schoolId },
    details: { motDePasseAffiche: password !== '' && password !== MASKED_PASSWORD },
  });
  const byName = (x: ScopeRow, y: ScopeRow) =>
    x.nom.localeCompare(y.nom, 'fr') || x.prenom.localeCompare(y.prenom, 'fr');
  const sorted = [...rows].sort(byName);
  return {
    id: accountId,
    identifiant: a.identifiant,
    motDePasse: password || null,
    email: a.accountEmail ?? rows.find((r) => r.guardianEmail)?.guardianEmail ?? null,
    mobile: a.accountMobile ?? rows.find((r) => r.guardianMobile)?.guardianMobile ?? null,
    origine: a.origin,
    etat: a.state,
    distributedAt: a.distributedAt,
    lastLoginAt: a.lastLoginAt,
    elevesEcole: sorted
      .filter((p) => p.schoolId === schoolId)
      .map((p) => ({ prenom: p.prenom, nom: p.nom, naissance: p.naissance, classe: p.classe })),
    elevesAutres: sorted
      .filter((p) => p.schoolId !== schoolId)
      .map((p) => ({ prenom: p.prenom, nom: p.nom, naissance: p.naissance, uai: p.uai, ecole: p.ecole })),
    historique: await accountHistory(accountId),
  };
}
