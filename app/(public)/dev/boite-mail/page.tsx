import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { formatDateTime } from '@/lib/format';
import { listOutbox } from '@/lib/messaging/list-outbox';
import { isDemo } from '@/lib/config/settings';

export const metadata: Metadata = { title: 'Boîte mail de démonstration' };
export const dynamic = 'force-dynamic';

/** Links in a message open in the whole window, not inside the frame. */
function withTopTarget(html: string) {
  return html.replace(/<head([^>]*)>/i, '<head$1><base target="_top">');
}

/** A message's plain text, its addresses made clickable. */
function TextWithLinks({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="whitespace-pre-wrap fr-text--sm">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

export default async function Outbox() {
  if (!isDemo()) notFound();
  const messages = await listOutbox({ limit: 50 });
  return (
    <>
      <h1>Boîte mail de démonstration</h1>
      <p>
        Les courriers électroniques et les SMS envoyés par le service en mode démonstration, du plus récent au plus
        ancien (50 au plus).
      </p>
      {messages.length === 0 ? (
        <p>Aucun message n&apos;a encore été envoyé.</p>
      ) : (
        <ol className="list-none p-0 flex flex-col gap-4" aria-label="Messages">
          {messages.map((m) => (
            <li key={m.id} className="fr-card fr-p-3w" data-testid="message">
              <h2 className="fr-h6 fr-mb-1w">{m.channel === 'EMAIL' ? m.subject : `SMS`}</h2>
              <p className="fr-mb-1w">
                <Badge as="span" small severity={m.channel === 'EMAIL' ? 'info' : 'new'} noIcon>
                  {m.channel === 'EMAIL' ? 'Courriel' : 'SMS'}
                </Badge>{' '}
                À : <strong>{m.recipient}</strong> — {formatDateTime(m.createdAt)} — modèle {m.template}
              </p>
              {m.html && (
                <details>
                  <summary>Afficher le message</summary>
                  <iframe
                    title={`Message ${m.id} : ${m.subject ?? m.template}`}
                    srcDoc={withTopTarget(m.html)}
                    sandbox="allow-popups allow-top-navigation-by-user-activation"
                    className="w-full bg-white"
                    style={{ height: '32rem', border: '1px solid var(--border-default-grey)' }}
                  />
                </details>
              )}
              {m.html ? (
                <details>
                  <summary>Version texte</summary>
                  <TextWithLinks text={m.text} />
                </details>
              ) : (
                <TextWithLinks text={m.text} />
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
