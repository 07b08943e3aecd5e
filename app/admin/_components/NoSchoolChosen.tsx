import Link from 'next/link';
import { Alert } from '@codegouvfr/react-dsfr/Alert';

export function NoSchoolChosen() {
  return (
    <Alert
      severity="info"
      title="Aucune école sélectionnée"
      description={
        <>
          Choisissez d&apos;abord l&apos;école à administrer sur la page <Link href="/admin">Accueil</Link>.
        </>
      }
    />
  );
}
