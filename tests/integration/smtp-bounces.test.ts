/**
 * An académie's relay takes every e-mail, then returns a delivery report to the sender's mailbox when
 * the parent's server refuses it. `read-bounces` reads that mailbox (POP3, stood in for here): the
 * e-mail the report names by its Message-ID becomes « non remis », reports are deleted, other mail is
 * left where it is.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { accountHistory } from '@/lib/audit/account-history';
import { db } from '@/lib/db';
import { readBounces } from '@/lib/messaging/read-bounces';
import { readDeliveryReport } from '@/lib/messaging/delivery-reports';
import { undeliveredLettersForSchool } from '@/lib/messaging/undelivered-messages';
import { familiesToNotify } from '@/tests/support/factories';
import { startPop3Standin, type Pop3Standin } from '@/tests/support/pop3-standin';
import { cli } from '@/tests/support/cli';

/** A C02 the relay took (SENT), with the Message-ID nodemailer gave it. */
async function relayedEmail(email: string) {
  const { school, rows } = await familiesToNotify('RELAIS', [email]);
  const messageId = `<${randomBytes(12).toString('hex')}@ac-test.fr>`;
  const m = await db.outboundMessage.create({
    data: {
      ...{ channel: 'EMAIL', recipient: email, subject: 'Vos identifiants EduConnect', template: 'C02', text: '' },
      ...{ accountId: rows[0].accountId, status: 'SENT', transport: 'smtp', providerId: messageId, sentAt: new Date() },
    },
  });
  return { id: m.id, messageId, accountId: rows[0].accountId, schoolId: school.id };
}

/** A report as Postfix writes one: the recipient's block, then the returned e-mail's headers. */
const postfixReport = (
  to: string,
  messageId: string,
  action = 'failed',
  status = '5.1.1',
) => `From: MAILER-DAEMON@relais.ac-test.fr (Mail Delivery System)
To: ne-pas-repondre@ac-test.fr
Subject: Undelivered Mail Returned to Sender
Message-ID: <${randomBytes(6).toString('hex')}@relais.ac-test.fr>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="B-${messageId.length}"

--B-${messageId.length}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relais.ac-test.fr.
.
I'm sorry to have to inform you that your message could not be delivered.

--B-${messageId.length}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; relais.ac-test.fr
Arrival-Date: Mon,  7 Sep 2026 18:02:11 +0200 (CEST)

Final-Recipient: rfc822; ${to}
Original-Recipient: rfc822;${to}
Action: ${action}
Status: ${status}
Remote-MTA: dns; mx.${to.split('@')[1]}
Diagnostic-Code: smtp; 550 5.1.1 <${to}>: Recipient address rejected: User
    unknown in virtual mailbox table

--B-${messageId.length}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Administrateur des services en ligne <ne-pas-repondre@ac-test.fr>
To: ${to}
Subject: Vos identifiants EduConnect
Message-ID:
 ${messageId}

--B-${messageId.length}--
`;

/** A report as Exchange writes one: the whole returned e-mail as message/rfc822. */
const exchangeReport = (to: string, messageId: string) => `From: postmaster@messagerie.exemple.fr
To: ne-pas-repondre@ac-test.fr
Subject: Non remis : Vos identifiants EduConnect
MIME-Version: 1.0
Content-Type: multipart/report; boundary="EX"; report-type=delivery-status

--EX
Content-Type: text/plain; charset="utf-8"

La remise a échoué pour ces destinataires : ${to}

--EX
Content-Type: message/delivery-status

Reporting-MTA: dns;messagerie.exemple.fr

Final-recipient: RFC822; ${to}
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;554 5.2.2 mailbox full

--EX
Content-Type: message/rfc822

From: <ne-pas-repondre@ac-test.fr>
To: <${to}>
Subject: Vos identifiants EduConnect
Message-ID: ${messageId}
MIME-Version: 1.0
Content-Type: text/plain

Bonjour,

--EX--
`;

const outOfOffice = `From: parent@exemple.fr
To: ne-pas-repondre@ac-test.fr
Subject: Absent du bureau
Auto-Submitted: auto-replied
Content-Type: text/plain

Je suis absent jusqu'au 14 septembre.
`;

/** A message of more than a megabyte, whatever it claims to be (a reply with a large attachment). */
const huge = `From: parent@exemple.fr
To: ne-pas-repondre@ac-test.fr
Subject: Re: Vos identifiants
Content-Type: multipart/report; report-type=delivery-status; boundary="G"

${'x'.repeat(1100 * 1024)}
`;

let box: Pop3Standin | null = null;
afterEach(async () => {
  await box?.close();
  box = null;
});

describe('rapports de non-remise du relais SMTP', () => {
  it('lit les formats de Postfix et d’Exchange', async () => {
    const id = '<a1b2@ac-test.fr>';
    expect(readDeliveryReport(postfixReport('x@gmial.com', id))).toEqual({
      messageId: id,
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <x@gmial.com>: Recipient address rejected: User unknown in virtual mailbox table',
    });
    expect(readDeliveryReport(exchangeReport('y@exemple.fr', id))).toEqual({
      messageId: id,
      action: 'failed',
      status: '5.2.2',
      diagnostic: '554 5.2.2 mailbox full',
    });
    expect(readDeliveryReport(outOfOffice)).toBeNull();
  });

  it('la boîte des rebonds : non remis, historique, « Accueil » ; rapports effacés, le reste laissé', async () => {
    const bounced = await relayedEmail('jean.dupont@gmial.com');
    const full = await relayedEmail('boite.pleine@exemple.fr');
    const delayed = await relayedEmail('lent@exemple.fr');
    box = await startPop3Standin({
      messages: [
        postfixReport('jean.dupont@gmial.com', bounced.messageId),
        outOfOffice,
        exchangeReport('boite.pleine@exemple.fr', full.messageId),
        postfixReport('lent@exemple.fr', delayed.messageId, 'delayed', '4.4.1'),
        postfixReport('inconnu@exemple.fr', '<pas-de-chez-nous@ailleurs.fr>'),
        huge,
      ],
    });
    expect(await readBounces(box.url)).toEqual({ rapports: 4, nonRemis: 2, laisses: 2 });

    const row = await db.outboundMessage.findUniqueOrThrow({ where: { id: bounced.id } });
    expect([row.status, row.error]).toEqual([
      'REFUSED',
      "rebond : le serveur de messagerie du destinataire l'a refusé (5.1.1, 550 5.1.1 <jean.dupont@gmial.com>: " +
        'Recipient address rejected: User unknown in virtual mailbox table)',
    ]);
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: full.id } })).status).toBe('REFUSED');
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: delayed.id } })).status).toBe('SENT');
    expect((await accountHistory(bounced.accountId)).map((h) => h.label)).toEqual([
      'Courriel non remis : adresse refusée par le serveur de messagerie',
    ]);
    expect((await undeliveredLettersForSchool(bounced.schoolId)).map((u) => u.recipient)).toEqual([
      'jean.dupont@gmial.com',
    ]);
    // The reports are gone (deleted at QUIT); the out-of-office answer was left, headers read only, and
    // the message of more than a megabyte not even that.
    expect(box.messages).toEqual([outOfOffice, huge]);
    expect(box.commands.filter((c) => c.startsWith('RETR'))).toEqual(['RETR 1', 'RETR 3', 'RETR 4', 'RETR 5']);
    expect(box.commands.filter((c) => c.endsWith(' 6'))).toEqual([]);

    // The next run finds only what it leaves, and writes nothing twice.
    expect(await readBounces(box.url)).toEqual({ rapports: 0, nonRemis: 0, laisses: 2 });
    expect(await accountHistory(bounced.accountId)).toHaveLength(1);
  });

  it('des identifiants refusés : une erreur sans le mot de passe ; une connexion perdue n’efface rien', async () => {
    const e = await relayedEmail('a.relire@gmial.com');
    box = await startPop3Standin({ messages: [postfixReport('a.relire@gmial.com', e.messageId)] });
    const wrong = box.url.replace('secret-pop3', 'mauvais-secret');
    const refused = await readBounces(wrong).catch((x: Error) => x);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/a refusé le mot de passe : -ERR \[AUTH\] identifiants refusés/);
    expect((refused as Error).message).not.toContain('mauvais-secret');
    expect(box.messages).toHaveLength(1);

    // The connection drops in the middle of the run: nothing is deleted; what was recorded stays recorded.
    const f = await relayedEmail('second.rapport@gmial.com');
    box.messages.push(postfixReport('second.rapport@gmial.com', f.messageId));
    await box.close();
    box = await startPop3Standin({ messages: box.messages, dropOn: 'RETR 2' });
    await expect(readBounces(box.url)).rejects.toThrow(/a fermé la connexion/);
    expect(box.messages).toHaveLength(2);
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: e.id } })).status).toBe('REFUSED');
    expect(await readBounces(box.url)).toEqual({ rapports: 2, nonRemis: 1, laisses: 0 });
    expect(box.messages).toEqual([]);
    expect(await accountHistory(e.accountId)).toHaveLength(1);
    // An empty mailbox (LIST answers with no line).
    expect(await readBounces(box.url)).toEqual({ rapports: 0, nonRemis: 0, laisses: 0 });
  });

  it('un serveur sans TOP (facultatif dans la norme) : chaque message est lu entier', async () => {
    const e = await relayedEmail('sans.top@gmial.com');
    box = await startPop3Standin({
      messages: [outOfOffice, postfixReport('sans.top@gmial.com', e.messageId)],
      noTop: true,
    });
    expect(await readBounces(box.url)).toEqual({ rapports: 1, nonRemis: 1, laisses: 1 });
    expect(box.messages).toEqual([outOfOffice]);
    // TOP refused once, then not asked again.
    expect(box.commands.filter((c) => c.startsWith('TOP'))).toEqual(['TOP 1 0']);
  });

  it('sans SMTP_BOUNCES_URL, rien à lire', async () => {
    expect(await readBounces(undefined)).toBeNull();
  });

  it('npm run cli -- bounces : la boîte lue tout de suite, pour vérifier sa configuration', async () => {
    const e = await relayedEmail('par.la.ligne@gmial.com');
    box = await startPop3Standin({ messages: [postfixReport('par.la.ligne@gmial.com', e.messageId), outOfOffice] });
    const none = await cli(['bounces']);
    expect([none.code, none.err]).toEqual([2, expect.stringContaining("SMTP_BOUNCES_URL n'est pas défini")]);
    const read = await cli(['bounces', '--json'], { SMTP_BOUNCES_URL: box.url });
    expect(read.code).toBe(0);
    expect(JSON.parse(read.out)).toEqual({ rapports: 1, nonRemis: 1, laisses: 1 });
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: e.id } })).status).toBe('REFUSED');
  });
});
