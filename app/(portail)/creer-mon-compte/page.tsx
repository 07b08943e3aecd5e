import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { TextField } from '@/app/_components/fields';
import { IdentityStepper, identityStepTitle, MobileField } from '../_components/IdentitySteps';
import { startSmsSignup } from '../actions';

export const metadata: Metadata = { title: identityStepTitle('SIGNUP', 1) };

/** Guide §1.3.4 « Pour la création du compte par le responsable seul ». */
export default function SmsSignup() {
  return (
    <>
      <h1>Créer mon compte par SMS</h1>
      <IdentityStepper purpose="SIGNUP" step={1} />
      <p>
        Saisissez vos nom, prénom et le numéro de téléphone portable donné à l&apos;école (fiche de renseignements de
        début d&apos;année). Un code de confirmation vous sera envoyé par SMS.
      </p>
      <ActionForm action={startSmsSignup}>
        <TextField name="lastName" label="Nom" autoComplete="family-name" />
        <TextField name="firstName" label="Prénom" autoComplete="given-name" />
        <MobileField />
        <Button type="submit">Recevoir un code par SMS</Button>
      </ActionForm>
    </>
  );
}
