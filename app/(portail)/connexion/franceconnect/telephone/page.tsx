import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { IdentityStepper, identityStepTitle, MobileField } from '../../../_components/IdentitySteps';
import { franceConnectMobile } from '../../../actions';

export const metadata: Metadata = { title: identityStepTitle('FRANCECONNECT', 1) };

/** Guide §1.3.5 (2): the first FranceConnect sign-in asks for the mobile known to the school. */
export default function FranceConnectMobile() {
  return (
    <>
      <h1>Lier mon compte EduConnect à FranceConnect</h1>
      <IdentityStepper purpose="FRANCECONNECT" step={1} />
      <p>
        Vous êtes connecté avec FranceConnect. Pour retrouver votre compte EduConnect, saisissez le numéro de téléphone
        portable donné à l&apos;école : un code de confirmation vous sera envoyé par SMS.
      </p>
      <ActionForm action={franceConnectMobile}>
        <MobileField />
        <Button type="submit">Recevoir un code par SMS</Button>
      </ActionForm>
    </>
  );
}
