import { Table } from '@codegouvfr/react-dsfr/Table';
import type { GuardianHome } from '@/lib/portal/guardian-home';

export function ChildrenTable({ rows }: { rows: GuardianHome['children'] }) {
  if (rows.length === 0) return <p>Aucun enfant n&apos;est rattaché à ce compte pour le moment.</p>;
  return (
    <Table
      caption="Enfants rattachés à mon compte"
      headers={['Élève', 'École', 'Classe', 'Niveau']}
      data={rows.map((c) => [`${c.firstName} ${c.lastName}`, c.school, c.classLabel, c.level])}
    />
  );
}
