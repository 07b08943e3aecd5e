import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { SentNotice } from '@/app/_components/SentNotice';
import { TextField } from '@/app/_components/fields';
import { forgotIdentifiant } from '../actions';

export const metadata: Metadata = { title: 'Identifiant oublié' };

/** Guide §1.3.3: accounts « Activé » recover their identifiant themselves. */
export default function ForgotIdentifiant() {
  return (
    <>
      <h1>Identifiant oublié</h1>
      <p>
        Saisissez l&apos;adresse de messagerie validée de votre compte, ou le numéro de téléphone portable confirmé par
        SMS : vos identifiants vous y seront envoyés. Si votre compte n&apos;est pas encore activé, votre identifiant
        figure sur le courrier remis par l&apos;école ; le directeur de l&apos;école peut vous le redonner.
      </p>
      <ActionForm
        action={forgotIdentifiant}
        success={
          <SentNotice
            text={
              'Si un compte activé correspond à ce que vous avez saisi, votre identifiant vient ' +
              'de vous être envoyé.'
            }
          />
        }
      >
        <TextField name="contact" label="Adresse de messagerie ou numéro de téléphone portable" autoComplete="email" />
        <Button type="submit">Recevoir mon identifiant</Button>
      </ActionForm>
    </>
  );
}
