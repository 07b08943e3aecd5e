import { Button } from '@codegouvfr/react-dsfr/Button';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { SentNotice } from '@/app/_components/SentNotice';
import { TextField } from '@/app/_components/fields';
import { forgotPassword } from '../actions';

export const metadata: Metadata = { title: 'Mot de passe oublié' };

/** Guide §1.3.3: accounts « Activé » choose a new password themselves, through a link. */
export default function ForgotPassword() {
  return (
    <>
      <h1>Mot de passe oublié</h1>
      <p>
        Saisissez votre identifiant et choisissez comment recevoir de quoi choisir un nouveau mot de passe : un lien à
        l&apos;adresse de messagerie validée de votre compte, ou un code par SMS au numéro de portable confirmé. Si
        votre compte n&apos;est pas encore activé, utilisez le mot de passe provisoire du courrier de l&apos;école, ou
        demandez un nouveau courrier au directeur de l&apos;école.
      </p>
      <ActionForm
        action={forgotPassword}
        success={
          <SentNotice
            text={
              "Si cet identifiant correspond à un compte activé, un courriel vient d'être " +
              "envoyé à son adresse de messagerie. Le lien qu'il contient est valable 24 " +
              'heures.'
            }
          />
        }
      >
        <TextField name="identifiant" label="Identifiant" autoComplete="username" />
        <RadioButtons
          legend="Recevoir"
          options={[
            {
              label: 'Un lien par courriel',
              hintText: "À l'adresse de messagerie validée du compte ; valable 24 heures",
              nativeInputProps: { name: 'canal', value: 'courriel', defaultChecked: true },
            },
            {
              label: 'Un code par SMS',
              hintText: 'Au numéro de portable confirmé du compte ; valable 10 minutes',
              nativeInputProps: { name: 'canal', value: 'sms' },
            },
          ]}
        />
        <Button type="submit">Recevoir</Button>
      </ActionForm>
    </>
  );
}
