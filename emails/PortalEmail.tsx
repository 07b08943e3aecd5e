import { Button, Text } from '@react-email/components';
import { EMAIL_BLUE, EmailLayout, EmailLink } from './Layout';

const p = { fontSize: '15px', lineHeight: '22px', margin: '0 0 12px' };

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
      {input.link && (
        <>
          <Button
            href={input.link.href}
            style={{ backgroundColor: EMAIL_BLUE, color: '#ffffff', padding: '12px 20px', fontSize: '15px' }}
          >
            {input.link.label}
          </Button>
          <Text style={p}>
            <EmailLink href={input.link.href} />
          </Text>
        </>
      )}
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
