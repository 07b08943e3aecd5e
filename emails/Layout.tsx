import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';

const font = 'Marianne, Arial, Helvetica, sans-serif';

/** The State's blue (DSFR `blue-france-sun-113`): 16:1 on white. */
export const EMAIL_BLUE = '#000091';

/** A paragraph of the messages' text. */
export const EMAIL_TEXT = { fontSize: '15px', lineHeight: '22px', margin: '0 0 12px' };

/**
 * A link of the service's e-mails, as the DSFR draws one: blue France and underlined. react-email's own
 * is light blue (#067df7, 4:1 on white, under the 4.5:1 that text needs) and not underlined, so that
 * only its colour told it from the words around it (RGAA 3.2 and 10.6).
 */
export function EmailLink({ href }: { href: string }) {
  return (
    <Link href={href} style={{ color: EMAIL_BLUE, textDecorationLine: 'underline' }}>
      {href}
    </Link>
  );
}

/**
 * The action of a message: a button, white on blue France, then its address written out for the mail
 * clients that drop buttons. The text part, where the button already reads « label https://… », does
 * not repeat the address (`data-skip-in-text`, which react-email's plain-text rendering skips).
 */
export function EmailAction({ href, label }: { href: string; label: string }) {
  return (
    <>
      <Button
        href={href}
        style={{ backgroundColor: EMAIL_BLUE, color: '#ffffff', padding: '12px 20px', fontSize: '15px' }}
      >
        {label}
      </Button>
      <Text style={EMAIL_TEXT} data-skip-in-text="true">
        <EmailLink href={href} />
      </Text>
    </>
  );
}

/**
 * The frame of every e-mail of the service: the State's block, the message, a plain footer. The subject
 * titles the document (what a screen reader announces, and a browser's tab when the message is opened
 * there) and is the preview line a mail client shows beside it.
 */
export function EmailLayout({ subject, children }: { subject: string; children: ReactNode }) {
  return (
    <Html lang="fr">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{subject}</Preview>
      <Body style={{ backgroundColor: '#f6f6f6', fontFamily: font, color: '#161616', margin: 0 }}>
        <Container style={{ backgroundColor: '#ffffff', maxWidth: '600px', padding: '24px 32px' }}>
          <Section>
            <Text style={{ fontWeight: 700, fontSize: '14px', lineHeight: '16px', margin: 0 }}>
              RÉPUBLIQUE
              <br />
              FRANÇAISE
            </Text>
            <Text style={{ fontSize: '11px', fontStyle: 'italic', margin: '4px 0 16px' }}>
              Liberté Égalité Fraternité
            </Text>
          </Section>
          {children}
          <Hr style={{ borderColor: '#dddddd', margin: '24px 0 8px' }} />
          <Text style={{ fontSize: '11px', color: '#666666' }}>
            Ce message vous est envoyé par les services en ligne de l&apos;éducation nationale (EduConnect). Merci de ne
            pas y répondre.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
