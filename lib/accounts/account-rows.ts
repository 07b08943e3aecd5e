import 'server-only';
import type { SelectedRow } from '@/lib/accounts/search-accounts';
import { db } from '@/lib/db';

/** The rows (pupil × account) of one account in the school's scope: an account page acts through them. */
export async function accountRows({ schoolId, accountId }: { schoolId: number; accountId: number }) {
  return db.$queryRaw<SelectedRow[]>`
    select s.pupil_id as "pupilId", s.account_id as "accountId" from director_scope s
     where s.school_id = ${schoolId} and s.account_id = ${accountId}`;
}
