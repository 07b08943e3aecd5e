import { Text } from '@react-email/components';
import { HELP_TEXT, SUBJECTS } from '@/lib/accounts/letters';
import { EMAIL_TEXT, EmailAction, EmailLayout, EmailLink } from './Layout';

const p = EMAIL_TEXT;

export interface ActivationEmailInput {
  identifiant: string;
  link: string;
  helpUrl: string;
  /** Days the link stays valid (DESIGN.md §6: 7). */
  validDays: number;
}

/** C07 (annexe A1.8): validation of the e-mail address, the last step of the activation. */
export function ActivationEmail({ input }: { input: ActivationEmailInput }) {
  return (
    <EmailLayout subject={SUBJECTS.C07}>
      <Text style={p}>Bonjour,</Text>
      <Text style={p}>
        Vous souhaitez accéder aux services en ligne de l&apos;éducation nationale avec l&apos;identifiant{' '}
        {input.identifiant}
      </Text>
      <Text style={p}>
        Pour activer votre compte, vous devez d&apos;abord valider votre adresse mail en cliquant sur le lien ci-dessous
        et connectez-vous avec le mot de passe que vous avez choisi :
      </Text>
      <EmailAction href={input.link} label="Valider mon adresse mail" />
      <Text style={{ ...p, fontSize: '13px' }}>
        Ce lien ne sert qu&apos;une fois et reste valable {input.validDays} jours. S&apos;il a expiré, reconnectez-vous
        aux services en ligne avec votre identifiant et votre mot de passe pour en recevoir un nouveau.
      </Text>
      <Text style={p}>
        {HELP_TEXT} <EmailLink href={input.helpUrl} />
      </Text>
      <Text style={p}>Cordialement,</Text>
      <Text style={p}>L&apos;administrateur des services en ligne</Text>
    </EmailLayout>
  );
}
