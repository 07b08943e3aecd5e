/**
 * The account list of guide §5.4 (PDF and CSV): one row per pupil × legal guardian, with the
 * school, the pupil's level (long label) and class, the guardian's identifiant and password —
 * in clear when provisional, `*****` once chosen, empty for « Non notifié ».
 */
import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';
import { levelLabels } from '@/lib/accounts/labels';
import { decryptSecret } from '@/lib/accounts/secrets';
import type { Level } from '@/lib/generated/prisma/enums';

export interface AccountListRow {
  uai: string;
  ecole: string;
  nomEleve: string;
  prenomEleve: string;
  niveau: string;
  classe: string;
  nomResponsable: string;
  prenomResponsable: string;
  identifiant: string;
  motDePasse: string;
}

export const CSV_HEADER = [
  'RNE',
  'Ecole',
  "Nom de l'élève",
  "Prénom de l'élève",
  "Niveau de l'élève",
  "Classe de l'élève",
  'Nom du responsable',
  'Prénom du responsable',
  'Identifiant',
  'Mot de passe',
];

export const MASKED_PASSWORD = '*****';

/** What the director may see of a password (guide §5.2). */
export function displayedPassword(a: {
  state: string;
  provisionalPasswordEnc: string | null;
  passwordHash: string | null;
}): string {
  if (a.state === 'NON_NOTIFIE') return '';
  if (a.provisionalPasswordEnc) return decryptSecret(a.provisionalPasswordEnc);
  return a.passwordHash ? MASKED_PASSWORD : '';
}

/**
 * Rows of one school, optionally restricted to some (pupil, account) pairs — the director's
 * selection. The caller has checked that the school is one the requester may see.
 */
export async function accountListRows(
  client: pg.ClientBase,
  { schoolId, selection }: { schoolId: number; selection?: { pupilId: number; accountId: number }[] },
): Promise<AccountListRow[]> {
  const { rows } = await client.query<{
    uai: string;
    school_name: string;
    pupil_last: string;
    pupil_first: string;
    level: Level | null;
    class_label: string;
    guardian_last: string;
    guardian_first: string;
    identifiant: string;
    state: string;
    provisional_password_enc: string | null;
    password_hash: string | null;
  }>(
    `select s.uai, s.name as school_name, p.last_name as pupil_last, p.first_name as pupil_first, p.level, c.label as class_label,
            g.last_name as guardian_last, g.first_name as guardian_first, a.identifiant, a.state, a.provisional_password_enc, a.password_hash
       from pupil p
       join school s on s.id = p.school_id
       join school_class c on c.id = p.class_id
       join guardian_link l on l.pupil_id = p.id and l.legal
       join guardian g on g.id = l.guardian_id
       join account a on a.id = g.account_id and a.deleted_at is null
      where p.school_id = $1 and p.admitted and p.ine is not null and p.detached_at is null
        and ($2::int[] is null or (p.id, a.id) in (select * from unnest($2::int[], $3::int[])))
      order by p.last_name, p.first_name, p.id, g.last_name, g.first_name, a.id`,
    [
      schoolId,
      selection ? selection.map((s) => s.pupilId) : null,
      selection ? selection.map((s) => s.accountId) : null,
    ],
  );
  return rows.map((r) => ({
    uai: r.uai,
    ecole: r.school_name,
    nomEleve: r.pupil_last,
    prenomEleve: r.pupil_first,
    niveau: r.level ? levelLabels[r.level] : '',
    classe: r.class_label,
    nomResponsable: r.guardian_last,
    prenomResponsable: r.guardian_first,
    identifiant: r.identifiant,
    motDePasse: displayedPassword({
      state: r.state,
      provisionalPasswordEnc: r.provisional_password_enc,
      passwordHash: r.password_hash,
    }),
  }));
}

/** The CSV of guide §5.4: `;`-separated, UTF-8 with a byte-order mark for spreadsheet software. */
export function accountListCsv(rows: AccountListRow[]): string {
  const body = stringify(
    rows.map((r) => [
      r.uai,
      r.ecole,
      r.nomEleve,
      r.prenomEleve,
      r.niveau,
      r.classe,
      r.nomResponsable,
      r.prenomResponsable,
      r.identifiant,
      r.motDePasse,
    ]),
    { delimiter: ';', record_delimiter: '\r\n' },
  );
  return '\uFEFF' + CSV_HEADER.join(';') + '\r\n' + body;
}
