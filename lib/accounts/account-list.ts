/**
 * The account list of guide §5.4 (PDF and CSV): one row per row of the director scope, with the
 * school, the pupil's level (long label) and class, the guardian's identifiant and password —
 * in clear when provisional, `*****` once chosen, empty for « Non notifié ».
 */
import 'server-only';
import { stringify } from 'csv-stringify/sync';
import { levelLabels } from '@/lib/accounts/labels';
import { decryptSecret } from '@/lib/accounts/secrets';
import type { SelectedRow } from '@/lib/accounts/search-accounts';
import { db } from '@/lib/db';
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

/**
 * The most lines a PDF list is made of. The screen lists a page of results (50 rows) at a time, so
 * that a director never comes near it; it bounds what one request may cost the web server, which
 * lays the PDF out itself (1 to 1.5 s and about 120 MB for 500 rows, linear since session 28; DECISIONS
 * « The account list as a PDF »). The CSV, a few milliseconds for a whole school, has no such bound.
 */
export const LIST_PDF_MAX_ROWS = 500;

/** The columns of guide §5.4, in order, with the header the guide prints. */
const CSV_COLUMNS: { key: keyof AccountListRow; header: string }[] = [
  { key: 'uai', header: 'RNE' },
  { key: 'ecole', header: 'Ecole' },
  { key: 'nomEleve', header: "Nom de l'élève" },
  { key: 'prenomEleve', header: "Prénom de l'élève" },
  { key: 'niveau', header: "Niveau de l'élève" },
  { key: 'classe', header: "Classe de l'élève" },
  { key: 'nomResponsable', header: 'Nom du responsable' },
  { key: 'prenomResponsable', header: 'Prénom du responsable' },
  { key: 'identifiant', header: 'Identifiant' },
  { key: 'motDePasse', header: 'Mot de passe' },
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
 * The list rows of one school: every row of its director scope, or only the selected ones that
 * are in it. The caller has authorised the school.
 */
export async function accountListRows({
  schoolId,
  selection,
}: {
  schoolId: number;
  selection?: SelectedRow[];
}): Promise<AccountListRow[]> {
  const rows = await db.$queryRaw<
    {
      uai: string;
      ecole: string;
      nomEleve: string;
      prenomEleve: string;
      level: Level | null;
      classe: string;
      nomResponsable: string;
      prenomResponsable: string;
      identifiant: string;
      state: string;
      provisionalPasswordEnc: string | null;
      passwordHash: string | null;
    }[]
  >`
    select sc.uai, sc.name as ecole, s.pupil_last_name as "nomEleve", s.pupil_first_name as "prenomEleve", s.level,
           c.label as classe, s.guardian_last_name as "nomResponsable", s.guardian_first_name as "prenomResponsable",
           s.identifiant, s.state, s.provisional_password_enc as "provisionalPasswordEnc",
           s.password_hash as "passwordHash"
      from director_scope s
      join school sc on sc.id = s.school_id
      join school_class c on c.id = s.class_id and c.school_id = ${schoolId}
     where s.school_id = ${schoolId}
       and (${selection ? selection.map((x) => x.pupilId) : null}::int[] is null
            or (s.pupil_id, s.account_id) in (
              select * from unnest(${selection?.map((x) => x.pupilId) ?? null}::int[],
                                   ${selection?.map((x) => x.accountId) ?? null}::int[])))
     order by s.pupil_last_name, s.pupil_first_name, s.pupil_id, s.guardian_last_name, s.guardian_first_name,
              s.account_id`;
  return rows.map(({ level, state, provisionalPasswordEnc, passwordHash, ...r }) => ({
    ...r,
    niveau: level ? levelLabels[level] : '',
    motDePasse: displayedPassword({ state, provisionalPasswordEnc, passwordHash }),
  }));
}

/**
 * The CSV of guide §5.4: `;`-separated, CRLF, UTF-8 with a byte-order mark for spreadsheet
 * software. A value starting with = + - @ tab or CR is prefixed with a quote so that no
 * spreadsheet runs it as a formula (OWASP CSV injection); other values stay as they are.
 */
export function accountListCsv(rows: AccountListRow[]): string {
  return stringify(rows, {
    bom: true,
    header: true,
    columns: CSV_COLUMNS,
    delimiter: ';',
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
}
