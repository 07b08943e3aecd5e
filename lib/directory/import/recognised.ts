/**
 * The pupils and guardians of a full export that were recognised by their fingerprint
 * (record-fingerprint.ts, stage-pool.ts): the temporary tables seen_pupil and seen_guardian
 * (id, aaf_id, file, line, and what their conflicts are checked against) of the import's connection,
 * beside the staged rows. Recognised records are identical to what the rows already hold, so no merge
 * reads them; what must know the whole export — duplicates, conflicts, detachments, the summary — reads
 * both.
 */
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import type { FingerprintedCategory } from '@/lib/directory/aaf/record-fingerprint';

export const SEEN: Record<FingerprintedCategory, string> = { Eleve: 'seen_pupil', PersRelEleve: 'seen_guardian' };
const STAGED: Record<FingerprintedCategory, string> = { Eleve: 'stg_pupil', PersRelEleve: 'stg_guardian' };

/**
 * SQL: the export does not list the pupil or guardian row `alias` (an alias of pupil or guardian) —
 * neither staged nor recognised; two NOT EXISTS, which PostgreSQL runs as anti-joins.
 */
export const notListedInExport = (category: FingerprintedCategory, alias: string) =>
  `(not exists (select 1 from ${STAGED[category]} s where s.aaf_id = ${alias}.aaf_id and s.op <> 'delete')
    and not exists (select 1 from ${SEEN[category]} r where r.id = ${alias}.id))`;

/** SQL: the aaf_id, file and line of every record of `category` the export lists (staged or recognised). */
export const listedRecords = (category: AafCategory, stagedView: string) =>
  category === 'Eleve' || category === 'PersRelEleve'
    ? `(select aaf_id, file, line from ${stagedView} union all select aaf_id, file, line from ${SEEN[category]})`
    : stagedView;
