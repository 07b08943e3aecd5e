import 'server-only';
import { db } from '@/lib/db';
import { levelLabels } from '@/lib/accounts/labels';
import type { Level } from '@/lib/generated/prisma/enums';

export interface GuardianHome {
  identifiant: string;
  email: string | null;
  emailVerified: boolean;
  mobile: string | null;
  franceConnect: boolean;
  children: {
    pupilId: number;
    firstName: string;
    lastName: string;
    school: string;
    classLabel: string;
    level: string;
  }[];
}

/** The portal's home (« Mon compte »): the account and its children with their school and class. */
export async function guardianHome(accountId: number): Promise<GuardianHome> {
  const [account, children] = await Promise.all([
    db.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { identifiant: true, email: true, emailVerifiedAt: true, mobile: true, franceConnectSub: true },
    }),
    db.$queryRaw<GuardianHome['children'][number][]>`
      select distinct s.pupil_id as "pupilId", s.pupil_first_name as "firstName", s.pupil_last_name as "lastName",
             sc.name as school, c.label as "classLabel", coalesce(s.level::text, '') as level
        from director_scope s join school sc on sc.id = s.school_id join school_class c on c.id = s.class_id
       where s.account_id = ${accountId}
       order by "lastName", "firstName", "pupilId"`,
  ]);
  return {
    identifiant: account.identifiant,
    email: account.email,
    emailVerified: account.emailVerifiedAt !== null,
    mobile: account.mobile,
    franceConnect: account.franceConnectSub !== null,
    children: children.map((c) => ({ ...c, level: c.level ? levelLabels[c.level as Level] : '' })),
  };
}
