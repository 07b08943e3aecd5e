import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/ActionForm';
import { SentNotice } from '@/app/_components/SentNotice';
import { TextField } from '@/app/_components/fields';
import { requireGuardian } from '@/lib/auth/guards';
import { guardianHome } from '@/lib/portal/guardian-home';
import { changeEmailAction } from '../../actions';

export const metadata: Metadata = { title: 'Modifier mon adresse électronique' };

export default async function ChangeEmail() {
  const { account } = await requireGuardian();
  const home = await guardianHome(account.id);
  return (
    <>
      <h1>Modifier mon adresse électronique</h1>
      <p>Adresse actuelle : {home.email ?? 'non renseignée'}.</p>
      <ActionForm
        action={changeEmailAction}
        success={
          <SentNotice
            text={
              "Un courriel vient d'être envoyé à la nouvelle adresse : cliquez sur le lien " +
              "qu'il contient (valable 24 heures) pour la confirmer. D'ici là, l'adresse " +
              'actuelle reste celle de votre compte.'
            }
          />
        }
      >
        <TextField name="email" label="Nouvelle adresse électronique" type="email" autoComplete="email" />
        <Button type="submit">Recevoir un lien de confirmation</Button>
      </ActionForm>
    </>
  );
}
