import 'server-only';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import type { AccountState } from '@/lib/generated/prisma/enums';

/**
 * Who a person is, for the SMS signup and the FranceConnect linking (guide §1.3.4, §1.4): the
 * legal guardians of eligible pupils (the director scope) whose mobile in the directory is the
 * one typed, and whose names agree — accents, case, hyphens and extra given names ignored
 * (`Marie-Claire` agrees with `marie`). Each ONDE record has its own account: one person may
 * hold several (regroupement, guide §1.2).
 */
export interface CandidateAccount {
  accountId: number;
  identifiant: string;
  state: AccountState;
}

export async function findGuardianAccounts({
  mobile,
  lastNames,
  firstName,
}: {
  /** E.164. */
  mobile: string;
  /** Any of them may match (FranceConnect gives a birth name and sometimes a usage name). */
  lastNames: string[];
  firstName: string;
}): Promise<CandidateAccount[]> {
  return db.$queryRaw<CandidateAccount[]>`
    select distinct s.account_id as "accountId", s.identifiant, s.state
      from director_scope s
     where s.guardian_mobile = ${mobile}
       and s.guardian_last_key = any(select fold_text(n) from unnest(${lastNames}::text[]) n)
       and split_part(s.guardian_first_key, ' ', 1) = split_part(fold_text(${firstName}), ' ', 1)
     order by s.account_id`;
}

export interface ChildToConfirm {
  pupilId: number;
  firstName: string;
  lastName: string;
  schoolName: string;
  accountIds: number[];
}

/** The children of these accounts, each once, with the accounts it belongs to. */
export async function childrenToConfirm(accountIds: number[], tx: Tx = db): Promise<ChildToConfirm[]> {
  if (accountIds.length === 0) return [];
  return tx.$queryRaw<ChildToConfirm[]>`
    select s.pupil_id as "pupilId", s.pupil_first_name as "firstName", s.pupil_last_name as "lastName",
           sc.name as "schoolName", array_agg(distinct s.account_id order by s.account_id) as "accountIds"
      from director_scope s join school sc on sc.id = s.school_id
     where s.account_id = any(${accountIds}::int[])
     group by s.pupil_id, s.pupil_first_name, s.pupil_last_name, sc.name
     order by s.pupil_last_name, s.pupil_first_name, s.pupil_id`;
}

/**
 * The accounts whose every child was given the right birth date (`YYYY-MM-DD` by pupil id).
 * A child without a birth date in the directory cannot be confirmed (guide §1.4: the school has
 * it corrected).
 */
export async function confirmedAccounts(
  accountIds: number[],
  birthDates: Record<string, string>,
  tx: Tx = db,
): Promise<number[]> {
  if (accountIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ accountId: number; pupilId: number; birthDate: string | null }[]>`
    select distinct s.account_id as "accountId", s.pupil_id as "pupilId",
           to_char(s.pupil_birth_date, 'YYYY-MM-DD') as "birthDate"
      from director_scope s where s.account_id = any(${accountIds}::int[])`;
  const ok = new Map<number, boolean>();
  for (const r of rows) {
    const right = r.birthDate !== null && birthDates[String(r.pupilId)] === r.birthDate;
    ok.set(r.accountId, (ok.get(r.accountId) ?? true) && right);
  }
  return accountIds.filter((id) => ok.get(id) === true);
}
