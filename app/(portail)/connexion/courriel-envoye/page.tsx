import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: "Courriel d'activation envoyé" };

/** Guide §1.3.5 (3)–(4): « En cours d'activation » until the link of the C07 is followed. */
export default function ActivationMailSent() {
  return (
    <>
      <h1>Dernière étape : validez votre adresse de messagerie</h1>
      <Alert
        severity="info"
        title="Un courriel d'activation vous a été envoyé"
        description={
          "Ouvrez le courriel « Services en ligne de l'éducation nationale - activation du compte » et cliquez sur " +
          "le lien qu'il contient : votre compte sera alors activé. Le lien reste valable 7 jours. Si vous ne le " +
          'trouvez pas, regardez dans les courriers indésirables, ou reconnectez-vous avec votre identifiant et ' +
          'votre nouveau mot de passe pour en recevoir un nouveau.'
        }
      />
    </>
  );
}
