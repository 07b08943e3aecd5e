import { Button } from '@codegouvfr/react-dsfr/Button';
import { PublicShell } from './_components/PublicShell';

export default function NotFound() {
  return (
    <PublicShell>
      <h1>Page introuvable</h1>
      <p className="fr-text--lead">La page que vous cherchez n&apos;existe pas ou a été déplacée.</p>
      <p>Si vous avez saisi l&apos;adresse à la main, vérifiez-la ; sinon, repartez de l&apos;accueil.</p>
      <Button linkProps={{ href: '/' }}>Page d&apos;accueil</Button>
    </PublicShell>
  );
}
