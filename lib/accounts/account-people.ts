import 'server-only';
import type { Tx } from '@/lib/database/prisma';
import type { AccountState } from '@/lib/generated/prisma/enums';

/** What a letter or an e-mail needs of one account, read from the director scope. */
export interface AccountPeople {
  accountId: number;
  identifiant: string;
  state: AccountState;
  provisionalPasswordEnc: string | null;
  passwordHash: string | null;
  /** The account's e-mail, else the directory's (guide §1.4). */
  email: string | null;
  /** « A l'attention de Prénom NOM. »: the guardian as this school knows them. */
  recipient: { firstName: string; lastName: string };
  /** Every eligible child of the account, in every school (annexe A1: « proposés pour … »). */
  children: { firstName: string; lastName: string }[];
}

interface Row {
  accountId: number;
  identifiant: string;
  state: AccountState;
  provisionalPasswordEnc: string | null;
  passwordHash: string | null;
  accountEmail: string | null;
  guardianEmail: string | null;
  guardianFirst: string;
  guardianLast: string;
  schoolId: number;
  pupilId: number;
  pupilFirst: string;
  pupilLast: string;
}

const byName = (a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }) =>
  a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr');

/**
 * The accounts of `accountIds` that a director of `schoolId` may reach (the director scope), with
 * their people. With `lock`, the accounts are locked for the caller's transaction first.
 */
export async function accountPeople(
  tx: Tx,
  { schoolId, accountIds, lock = false }: { schoolId: number; accountIds: number[]; lock?: boolean },
): Promise<Map<number, AccountPeople>> {
  if (!accountIds.length) return new Map();
  if (lock) await tx.$queryRaw`select id from account where id = any(${accountIds}::int[]) order by id for update`;
  const rows = await tx.$queryRaw<Row[]>`
    select s.account_id as "accountId", s.identifiant, s.state, s.provisional_password_enc as "provisionalPasswordEnc",
           s.password_hash as "passwordHash", s.account_email as "accountEmail", s.guardian_email as "guardianEmail",
           s.guardian_first_name as "guardianFirst", s.guardian_last_name as "guardianLast", s.school_id as "schoolId",
           s.pupil_id as "pupilId", s.pupil_first_name as "pupilFirst", s.pupil_last_name as "pupilLast"
      from director_scope s
     where s.account_id = any(${accountIds}::int[])
     order by s.account_id, s.guardian_last_name, s.guardian_first_name, s.pupil_id`;
  const out = new Map<number, AccountPeople>();
  const seen = new Set<string>();
  // The account's first row in this school names the recipient; no row here, not reachable.
  const here = new Map<number, Row>();
  for (const r of rows) if (r.schoolId === schoolId && !here.has(r.accountId)) here.set(r.accountId, r);
  for (const r of rows) {
    const first = here.get(r.accountId);
    if (!first) continue;
    let a = out.get(r.accountId);
    if (!a) {
      a = {
        accountId: r.accountId,
        identifiant: r.identifiant,
        state: r.state,
        provisionalPasswordEnc: r.provisionalPasswordEnc,
        passwordHash: r.passwordHash,
        email: r.accountEmail ?? null,
        recipient: { firstName: first.guardianFirst, lastName: first.guardianLast },
        children: [],
      };
      out.set(r.accountId, a);
    }
    a.email ??= r.guardianEmail;
    if (!seen.has(`${r.accountId}:${r.pupilId}`)) {
      seen.add(`${r.accountId}:${r.pupilId}`);
      a.children.push({ firstName: r.pupilFirst, lastName: r.pupilLast });
    }
  }
  for (const a of out.values()) a.children.sort(byName);
  return out;
}
