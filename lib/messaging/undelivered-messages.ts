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

/** The letters of the guide's annex that leave by e-mail (A1.3, A1.5, A1.7, A1.8), by their titles there. */
export const EMAIL_LETTER_TITLES: Record<string, string> = {
  C02: "Distribution d'un compte par courrier électronique",
  C04: "Redistribution d'un compte par courrier électronique",
  C06: 'Demande de changement de mot de passe par courrier électronique',
  C07: "Validation de l'adresse mail",
};

/** An e-mailed letter a parent of the school did not receive, as the director's « Accueil » lists it. */
export interface UndeliveredLetter {
  id: number;
  createdAt: Date;
  accountId: number;
  identifiant: string;
  /** « NOM Prénom » of the account's guardian. */
  responsable: string;
  recipient: string;
  /** Its title in the guide's annex (EMAIL_LETTER_TITLES). */
  courrier: string;
}

/** How far back the director's « Accueil » looks for letters that were not delivered. */
export const UNDELIVERED_DAYS = 30;

/**
 * The e-mailed letters (C02, C04, C06, C07) of the last UNDELIVERED_DAYS days that the parent's mail
 * server refused — at sending, or afterwards (Resend's webhook, provider-events.ts) — for the accounts
 * of `schoolId`'s director scope, newest first: what a director can remedy (a paper letter, or the
 * activation e-mail sent again to a corrected address). `schoolId` is the one the guard gave
 * (`requireSchool`): only accounts of that school's scope are read, through their own messages.
 */
export async function undeliveredLettersForSchool(schoolId: number, limit = 200): Promise<UndeliveredLetter[]> {
  const rows = await db.$queryRaw<(Omit<UndeliveredLetter, 'courrier'> & { template: string })[]>`
    select m.id, m.created_at as "createdAt", a.id as "accountId", a.identifiant, m.recipient, m.template,
           coalesce((select g.last_name || ' ' || g.first_name from guardian g
                      where g.account_id = a.id order by g.detached_at nulls first, g.id limit 1), '') as responsable
      from (select distinct account_id from director_row where school_id = ${schoolId} and account_id is not null) s
      join outbound_message m on m.account_id = s.account_id
      join account a on a.id = m.account_id
     where m.status = 'REFUSED' and m.channel = 'EMAIL'
       and m.template = any(${Object.keys(EMAIL_LETTER_TITLES)}::text[])
       and m.created_at >= now() - make_interval(days => ${UNDELIVERED_DAYS})
     order by m.created_at desc, m.id desc
     limit ${limit}`;
  return rows.map(({ template, ...r }) => ({ ...r, courrier: EMAIL_LETTER_TITLES[template] }));
}
