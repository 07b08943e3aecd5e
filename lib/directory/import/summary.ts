/** What an import did, as the CLI and the nightly job report it. */
import { warningLabels, type Warning } from '@/lib/directory/aaf/aaf-mapping';
import type { ImportContext } from '@/lib/directory/import/context';

export interface ImportSummary {
  importId: number;
  mode: 'complet' | 'delta';
  files: number;
  ecoles: number;
  eleves: number;
  elevesEligibles: number;
  responsables: number;
  directeurs: number;
  comptesCrees: number;
  comptesMisAJour: number;
  comptesDetaches: number;
  /** Records in conflict set aside (set-aside.ts): they kept their previous state. */
  misDeCote: number;
  avertissements: Partial<Record<Warning, number>>;
  dureeMs: number;
}

/** The counts of the export itself (staged and recognised records, recognised.ts), read in the import's transaction. */
export async function exportFigures({ client }: ImportContext) {
  const { rows } = await client.query<{
    ecoles: number;
    eleves: number;
    elevesEligibles: number;
    responsables: number;
    directeurs: number;
  }>(`
    select (select count(*) from stg_school where op <> 'delete')::int as ecoles,
           ((select count(*) from stg_pupil where op <> 'delete') + (select count(*) from seen_pupil))::int as eleves,
           ((select count(*) from eligible_pupil p join stg_pupil s on s.aaf_id = p.aaf_id where s.op <> 'delete')
            + (select count(*) from eligible_pupil p join seen_pupil r on r.id = p.id))::int as "elevesEligibles",
           ((select count(*) from stg_guardian where op <> 'delete')
            + (select count(*) from seen_guardian))::int as responsables,
           (select count(*) from stg_agent where op <> 'delete' and cardinality(dir_uais) > 0)::int as directeurs`);
  return rows[0];
}

export function formatSummary(s: ImportSummary): string {
  const lines = [
    `Import ${s.mode} n° ${s.importId} terminé en ${(s.dureeMs / 1000).toFixed(1)} s (${s.files} fichier(s)).`,
    `  écoles : ${s.ecoles}`,
    `  élèves : ${s.eleves} (dont éligibles : ${s.elevesEligibles})`,
    `  responsables : ${s.responsables}`,
    `  directeurs : ${s.directeurs}`,
    `  comptes créés : ${s.comptesCrees}, mis à jour : ${s.comptesMisAJour}, détachés : ${s.comptesDetaches}`,
    s.misDeCote
      ? `  enregistrements mis de côté : ${s.misDeCote} (liste : npm run cli -- imports --id ${s.importId})`
      : '  enregistrements mis de côté : aucun',
  ];
  const w = Object.entries(s.avertissements);
  lines.push(
    w.length
      ? `  avertissements : ${w.map(([k, n]) => `${warningLabels[k as Warning]} ${n}`).join(', ')}`
      : '  avertissements : aucun',
  );
  return lines.join('\n');
}
