import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { db } from '@/lib/db';
import { TIME_ZONE } from '@/lib/format';

/**
 * A message that has not reached its parent: refused for good, failed and waiting for a new try, or
 * expired before it could leave (its code or link no longer worked).
 */
export interface UndeliveredMessage {
  id: number;
  createdAt: Date;
  /** REFUSED: never tried again (the address or number); FAILED: its job tries again; EXPIRED: never sent. */
  status: 'REFUSED' | 'FAILED' | 'EXPIRED';
  channel: 'EMAIL' | 'SMS';
  template: string;
  identifiant: string | null;
  /** The schools (UAI) whose directors see the account, to tell the right one. */
  ecoles: string[];
  recipient: string;
  /** What the relay, gateway or Resend answered. */
  error: string | null;
}

/**
 * The messages that did not reach their parent, newest first (`npm run cli -- messages`): what the
 * académie's assistance needs at a rentrée to tell a school which families to reach another way
 * (docs/DECISIONS.md « A message the provider refuses »). Optionally one school's accounts only,
 * refused ones only, since a day (AAAA-MM-JJ, from its midnight on the académie's clock, as the dates are shown).
 */
export async function undeliveredMessages({
  uai,
  refusedOnly = false,
  since,
  limit = 1000,
}: {
  uai?: string;
  refusedOnly?: boolean;
  since?: string;
  limit?: number;
} = {}): Promise<UndeliveredMessage[]> {
  const statuses = refusedOnly ? ['REFUSED'] : ['REFUSED', 'FAILED', 'EXPIRED'];
  const rows = await db.$queryRaw<(Omit<UndeliveredMessage, 'ecoles'> & { ecoles: string[] | null })[]>`
    select m.id, m.created_at as "createdAt", m.status::text as status, m.channel::text as channel, m.template,
           a.identifiant, m.recipient, m.error,
           (select array_agg(distinct sc.uai order by sc.uai)
              from director_row r join school sc on sc.id = r.school_id
             where r.account_id = m.account_id) as ecoles
      from outbound_message m
      left join account a on a.id = m.account_id
     where m.status::text = any(${statuses}::text[])
       ${since ? Prisma.sql`and m.created_at >= (${since}::date::timestamp at time zone ${TIME_ZONE})` : Prisma.empty}
       ${
         uai
           ? Prisma.sql`and exists (select 1 from director_row r join school sc on sc.id = r.school_id
                                      where r.account_id = m.account_id and sc.uai = ${uai.toUpperCase()})`
           : Prisma.empty
       }
     order by m.created_at desc, m.id desc
     limit ${limit}`;
  return rows.map((r) => ({ ...r, ecoles: r.ecoles ?? [] }));
}
