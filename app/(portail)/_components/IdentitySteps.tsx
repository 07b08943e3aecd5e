import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { Link } from '@/app/_components/Link';
import { ActionForm } from '@/app/_components/ActionForm';
import { PasswordField, SmsCodeField, TextField } from '@/app/_components/fields';
import { FLOW_COOKIES, readCookie } from '@/app/_lib/portal';
import { isDomainError } from '@/lib/errors';
import { identityChildren, identitySummary, type IdentityPurpose } from '@/lib/portal/identity-path';
import {
  franceConnectChildren,
  franceConnectCode,
  franceConnectFinish,
  franceConnectResendCode,
  signupChildren,
  signupCode,
  signupFinish,
  signupResendCode,
} from '../actions';

/**
 * The screens shared by the SMS signup and the FranceConnect linking (guide §1.3.4): the code
 * received by SMS, the children confirmed by their birth dates, then the end (password for the
 * SMS signup, regroupement when several accounts were found).
 */
const STEPS: Record<IdentityPurpose, string[]> = {
  SIGNUP: ['Votre identité', 'Code reçu par SMS', 'Vos enfants', 'Votre mot de passe'],
  FRANCECONNECT: ['Votre numéro de portable', 'Code reçu par SMS', 'Vos enfants', 'Confirmation'],
};
const START: Record<IdentityPurpose, string> = { SIGNUP: '/creer-mon-compte', FRANCECONNECT: '/connexion' };
const ACTIONS = {
  SIGNUP: { code: signupCode, resend: signupResendCode, children: signupChildren, finish: signupFinish },
  FRANCECONNECT: {
    code: franceConnectCode,
    resend: franceConnectResendCode,
    children: franceConnectChildren,
    finish: franceConnectFinish,
  },
};

/** The mobile the school knows (first screen of both paths). */
export function MobileField() {
  return (
    <TextField
      name="mobile"
      label="Numéro de téléphone portable"
      hint="Par exemple 06 12 34 56 78"
      type="tel"
      autoComplete="tel"
    />
  );
}

const PATH_TITLES: Record<IdentityPurpose, string> = {
  SIGNUP: 'Créer mon compte par SMS',
  FRANCECONNECT: 'Lier mon compte à FranceConnect',
};

/** A step's page title: the path, then where the parent stands in it, as its stepper says. */
export function identityStepTitle(purpose: IdentityPurpose, step: number): string {
  const steps = STEPS[purpose];
  return `${PATH_TITLES[purpose]} - Étape ${step} sur ${steps.length} : ${steps[step - 1]}`;
}

export function IdentityStepper({ purpose, step }: { purpose: IdentityPurpose; step: number }) {
  const steps = STEPS[purpose];
  return <Stepper currentStep={step} stepCount={steps.length} title={steps[step - 1]} nextTitle={steps[step]} />;
}

function Expired({ purpose }: { purpose: IdentityPurpose }) {
  return (
    <Alert
      severity="warning"
      title="Démarche expirée"
      description={
        <>
          Votre démarche a expiré (30 minutes sans la terminer) ou n&apos;a pas été commencée.{' '}
          <Link href={START[purpose]}>Recommencer depuis le début</Link>
        </>
      }
    />
  );
}

export function CodeStep({ purpose }: { purpose: IdentityPurpose }) {
  return (
    <>
      <IdentityStepper purpose={purpose} step={2} />
      <p>
        Si les informations saisies correspondent à celles connues de l&apos;école, un code de confirmation à 6 chiffres
        vient d&apos;être envoyé par SMS à votre numéro de téléphone portable. Il est valable 10 minutes.
      </p>
      <ActionForm action={ACTIONS[purpose].code}>
        <SmsCodeField />
        <Button type="submit">Valider le code</Button>
      </ActionForm>
      <ActionForm action={ACTIONS[purpose].resend} className="fr-mt-3w" success={<p>Un nouveau code a été demandé.</p>}>
        <Button type="submit" priority="secondary">
          Recevoir un nouveau code
        </Button>
      </ActionForm>
      <p className="fr-mt-3w fr-text--sm">
        Vous ne recevez pas de code ? Votre numéro de portable n&apos;est peut-être pas celui que connaît l&apos;école :
        demandez au directeur de l&apos;école de le corriger ; la correction sera prise en compte le lendemain.
      </p>
    </>
  );
}

export async function ChildrenStep({ purpose }: { purpose: IdentityPurpose }) {
  let children;
  try {
    children = await identityChildren(await readCookie(FLOW_COOKIES[purpose]), purpose);
  } catch (e) {
    if (isDomainError(e, 'FLOW_EXPIRED')) return <Expired purpose={purpose} />;
    throw e;
  }
  return (
    <>
      <IdentityStepper purpose={purpose} step={3} />
      <p>Pour rattacher vos enfants à votre compte, saisissez la date de naissance de chacun.</p>
      <ActionForm action={ACTIONS[purpose].children}>
        {children.map((c) => (
          <TextField
            key={c.pupilId}
            name={`naissance-${c.pupilId}`}
            label={`Date de naissance de ${c.firstName} ${c.lastName}`}
            hint={`${c.schoolName} — format : jj/mm/aaaa, par exemple 14/11/2018`}
            inputMode="numeric"
            autoComplete="off"
          />
        ))}
        <Button type="submit">Valider les dates de naissance</Button>
      </ActionForm>
    </>
  );
}

export async function FinishStep({ purpose }: { purpose: IdentityPurpose }) {
  let summary;
  try {
    summary = await identitySummary(await readCookie(FLOW_COOKIES[purpose]), purpose);
  } catch (e) {
    if (isDomainError(e, 'FLOW_EXPIRED')) return <Expired purpose={purpose} />;
    throw e;
  }
  const several = summary.accounts.length > 1;
  return (
    <>
      <IdentityStepper purpose={purpose} step={4} />
      <ActionForm action={ACTIONS[purpose].finish}>
        {several ? (
          <RadioButtons
            legend={
              "Vous avez plusieurs comptes EduConnect, un par fiche de l'école. Voulez-vous " +
              'regrouper vos enfants sur un seul compte ?'
            }
            options={[
              {
                label: 'Oui, regrouper mes enfants sur un seul compte',
                hintText: `Vous garderez l'identifiant ${summary.accounts[0].identifiant}.`,
                nativeInputProps: { name: 'regrouper', value: 'oui', defaultChecked: true },
              },
              {
                label: 'Non, garder des comptes séparés',
                hintText: summary.accounts.map((a) => `${a.identifiant} : ${a.children.join(', ')}`).join(' ; '),
                nativeInputProps: { name: 'regrouper', value: 'non' },
              },
            ]}
          />
        ) : (
          <p>
            Votre compte <strong>{summary.accounts[0].identifiant}</strong> regroupe :{' '}
            {summary.accounts[0].children.join(', ')}.
          </p>
        )}
        {purpose === 'SIGNUP' ? (
          <>
            <p>
              Votre identifiant est <strong>{summary.accounts[0].identifiant}</strong>. Notez-le : il vous servira à
              chaque connexion. Choisissez maintenant votre mot de passe.
            </p>
            <PasswordField name="password" label="Mot de passe" rule autoComplete="new-password" />
            <PasswordField name="confirmation" label="Confirmation du mot de passe" autoComplete="new-password" />
            <Button type="submit">Activer mon compte</Button>
          </>
        ) : (
          <Button type="submit">Activer mon compte avec FranceConnect</Button>
        )}
      </ActionForm>
    </>
  );
}

export { Expired };
