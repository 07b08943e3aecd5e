import { Alert } from '@codegouvfr/react-dsfr/Alert';

/**
 * What a form says once its request is taken, in the same words whatever was typed (a
 * « forgotten » form must not tell a known person from an unknown one).
 */
export function SentNotice({ text }: { text: string }) {
  return <Alert severity="info" small className="fr-mt-2w" description={text} />;
}
