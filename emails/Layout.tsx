import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';

const font = 'Marianne, Arial, Helvetica, sans-serif';

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
