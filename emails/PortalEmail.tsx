import { Text } from '@react-email/components';
import { EMAIL_TEXT, EmailAction, EmailLayout } from './Layout';

const p = EMAIL_TEXT;

/** The portal's own messages (forgotten identifiant or password, new address): words, and at most one link. */
export interface PortalEmailInput {
  subject: string;
  paragraphs: string[];
  link?: { label: string; href: string };
  /** After the link (validity, what to do if the request was not theirs). */
  after?: string[];
}

export function PortalEmail({ input }: { input: PortalEmailInput }) {
  return (
    <EmailLayout subject={input.subject}>
      <Text style={p}>Bonjour,</Text>
      {input.paragraphs.map((t) => (
        <Text key={t} style={p}>
          {t}
        </Text>
      ))}
      {input.link && <EmailAction href={input.link.href} label={input.link.label} />}
      {input.after?.map((t) => (
        <Text key={t} style={{ ...p, fontSize: '13px' }}>
          {t}
        </Text>
      ))}
      <Text style={p}>Cordialement,</Text>
      <Text style={p}>L&apos;administrateur des services en ligne</Text>
    </EmailLayout>
  );
}
