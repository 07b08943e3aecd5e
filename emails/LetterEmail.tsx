import { Heading, Hr, Section, Text } from '@react-email/components';
import { HELP_TEXT, letterBlocks, SIGNATURE, SUBJECTS, type Block, type LetterInput } from '@/lib/accounts/letters';
import { EMAIL_BLUE, EmailLayout, EmailLink } from './Layout';

const p = { fontSize: '15px', lineHeight: '22px', margin: '0 0 10px' };

function BlockView({ b }: { b: Block }) {
  switch (b.kind) {
    case 'attention':
      return <Text style={p}>{b.text}</Text>;
    case 'title':
      return (
        <Heading as="h1" style={{ fontSize: '20px', color: EMAIL_BLUE, margin: '0 0 16px' }}>
          {b.text}
        </Heading>
      );
    case 'text':
      return (
        <Text style={p}>
          {b.text}
          {b.url && (
            <>
              {' '}
              <EmailLink href={b.url} />
            </>
          )}
        </Text>
      );
    case 'children':
      return (
        <Text style={p}>
          {b.names.map((name, i) => (
            <span key={i}>
              - {name}
              {b.colon && i === b.names.length - 1 ? ' :' : ''}
              {i < b.names.length - 1 && <br />}
            </span>
          ))}
        </Text>
      );
    case 'credentials':
      return (
        <Section style={{ textAlign: 'center', margin: '8px 0 16px' }}>
          <Text style={{ ...p, fontSize: '17px', margin: '0 0 4px' }}>Identifiant : {b.identifiant}</Text>
          <Text style={{ ...p, fontSize: '17px', margin: '0 0 4px' }}>Mot de passe * : {b.password ?? ''}</Text>
          {b.footnote && <Text style={{ ...p, fontSize: '12px', fontStyle: 'italic' }}>{b.footnote}</Text>}
        </Section>
      );
    case 'reminder':
      return (
        <Text style={{ ...p, fontSize: '17px', textAlign: 'center' }}>
          Rappel de votre identifiant : {b.identifiant}
        </Text>
      );
    case 'signature':
      return <Text style={p}>{SIGNATURE}</Text>;
    case 'rule':
      return <Hr style={{ borderColor: '#dddddd', margin: '16px 0' }} />;
    case 'activation':
      return (
        <Section style={{ border: `1px solid ${EMAIL_BLUE}`, padding: '12px 16px', margin: '0 0 16px' }}>
          <Text style={{ ...p, fontWeight: 700, color: EMAIL_BLUE }}>{b.lines[0]}</Text>
          {b.lines.slice(1).map((line, i) => (
            <Text key={i} style={p}>
              {line}
            </Text>
          ))}
        </Section>
      );
    case 'help':
      return (
        <Text style={p}>
          {HELP_TEXT} <EmailLink href={b.url} />
        </Text>
      );
  }
}

/** C02, C04, C06 of annexe A1: the words of the letters, without « A l'attention de ». */
export function LetterEmail({ letter }: { letter: LetterInput & { code: 'C02' | 'C04' | 'C06' } }) {
  return (
    <EmailLayout subject={SUBJECTS[letter.code]}>
      {letterBlocks(letter).map((b, i) => (
        <BlockView key={i} b={b} />
      ))}
    </EmailLayout>
  );
}
