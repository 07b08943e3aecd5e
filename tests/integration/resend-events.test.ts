/**
 * Resend's webhook: an e-mail Resend took (SENT) and the parent's mail server then refused, or that
 * Resend did not send because the address is on its suppression list, becomes REFUSED and is written
 * in the account's history. Events are signed as Resend signs them (Standard Webhooks).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountHistory } from '@/lib/audit/account-history';
import { db } from '@/lib/db';
import { receiveResendEvent } from '@/lib/messaging/provider-events';
import { undeliveredLettersForSchool, undeliveredMessages } from '@/lib/messaging/undelivered-messages';
import { familiesToNotify } from '@/tests/support/factories';

const secret = `whsec_${randomBytes(24).toString('base64')}`;

/** The headers and body of one call of Resend's webhook, signed with `key` `secondsAgo` ago. */
function signed(event: unknown, { key = secret, secondsAgo = 0 } = {}) {
  const body = JSON.stringify(event);
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const at = new Date(Date.now() - secondsAgo * 1000);
  const headers = new Headers({
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(key).sign(id, at, body),
  });
  return { body, headers, secret };
}

const bounced = (emailId: string, to: string) => ({
  type: 'email.bounced',
  created_at: new Date().toISOString(),
  data: {
    email_id: emailId,
    created_at: new Date().toISOString(),
    from: 'ne-pas-repondre@ac-toulouse.fr',
    to: [to],
    subject: 'Vos identifiants EduConnect',
    bounce: { type: 'Permanent', subType: 'General', message: `550 5.1.1 <${to}>: user unknown` },
  },
});

/** One e-mail sent by Resend to a parent of a fresh family (C02), as a notification leaves it. */
async function sentEmail(email: string) {
  const { school, rows } = await familiesToNotify('REBOND', [email]);
  const providerId = `re_${randomBytes(8).toString('hex')}`;
  const m = await db.outboundMessage.create({
    data: {
      channel: 'EMAIL',
      recipient: email,
      subject: 'Vos identifiants EduConnect',
      template: 'C02',
      text: '',
      accountId: rows[0].accountId,
      status: 'SENT',
      transport: 'resend',
      providerId,
      sentAt: new Date(),
    },
  });
  return { id: m.id, providerId, accountId: rows[0].accountId, uai: school.uai, schoolId: school.id };
}

const statusOf = async (id: number) => (await db.outboundMessage.findUniqueOrThrow({ where: { id } })).status;

describe('webhook de Resend', () => {
  let m: Awaited<ReturnType<typeof sentEmail>>;
  beforeAll(async () => {
    m = await sentEmail('jean.dupont@gmial.com');
  });

  it('un rebond : le courriel devient non remis, une fois, et l’historique du compte le dit', async () => {
    const answer = await receiveResendEvent(signed(bounced(m.providerId, 'jean.dupont@gmial.com')));
    expect(answer).toEqual({ status: 200, body: 'enregistré' });
    const row = await db.outboundMessage.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.status).toBe('REFUSED');
    expect(row.error).toBe(
      "rebond : le serveur de messagerie du destinataire l'a refusé " +
        '(Permanent, General, 550 5.1.1 <jean.dupont@gmial.com>: user unknown)',
    );
    const history = await accountHistory(m.accountId);
    expect(history.map((h) => [h.label, h.by])).toEqual([
      ['Courriel non remis : adresse refusée par le serveur de messagerie', 'Le service'],
    ]);
    const listed = await undeliveredMessages({ uai: m.uai });
    expect(listed.map((u) => [u.id, u.status])).toEqual([[m.id, 'REFUSED']]);

    // Resend tells it again (it retries until it has our 200): nothing more is written.
    expect(await receiveResendEvent(signed(bounced(m.providerId, 'jean.dupont@gmial.com')))).toEqual({
      status: 200,
      body: 'ignoré',
    });
    expect(await accountHistory(m.accountId)).toHaveLength(1);
  });

  it('une adresse sur la liste de suppression de Resend : non remis aussi', async () => {
    const s = await sentEmail('deja.rebondi@exemple.fr');
    const event = {
      type: 'email.suppressed',
      created_at: new Date().toISOString(),
      data: {
        email_id: s.providerId,
        to: ['deja.rebondi@exemple.fr'],
        suppressed: { type: 'OnAccountSuppressionList' },
      },
    };
    expect((await receiveResendEvent(signed(event))).status).toBe(200);
    const row = await db.outboundMessage.findUniqueOrThrow({ where: { id: s.id } });
    expect([row.status, row.error]).toEqual([
      'REFUSED',
      "non envoyé : l'adresse est sur la liste de suppression de Resend (rebond ou plainte auparavant) " +
        '(OnAccountSuppressionList)',
    ]);
  });

  it('les autres événements, et ceux d’e-mails qui ne sont pas les nôtres, ne changent rien', async () => {
    const s = await sentEmail('parent.content@exemple.fr');
    for (const type of ['email.delivered', 'email.opened', 'email.complained', 'email.delivery_delayed']) {
      const event = { type, created_at: new Date().toISOString(), data: { email_id: s.providerId } };
      expect(await receiveResendEvent(signed(event))).toEqual({ status: 200, body: 'ignoré' });
    }
    // A bounce for an e-mail nobody here sent: asked again for ten minutes, then another application's.
    const foreign = {
      ...bounced('re_autre_application', 'x@exemple.fr'),
      created_at: new Date(Date.now() - 3_600_000).toISOString(),
    };
    expect(await receiveResendEvent(signed(foreign))).toEqual({ status: 200, body: 'ignoré' });
    expect(await receiveResendEvent(signed({ type: 'domain.updated', data: { id: 'd_1' } }))).toEqual({
      status: 200,
      body: 'ignoré',
    });
    expect(await statusOf(s.id)).toBe('SENT');
    expect(await accountHistory(s.accountId)).toEqual([]);
  });

  it('un rebond arrivé avant que le worker ait noté l’id de Resend : « à renvoyer », puis enregistré', async () => {
    const s = await sentEmail('trop.rapide@exemple.fr');
    await db.outboundMessage.update({ where: { id: s.id }, data: { providerId: null } });
    const event = {
      type: 'email.suppressed',
      created_at: new Date().toISOString(),
      data: {
        email_id: s.providerId,
        to: ['trop.rapide@exemple.fr'],
        suppressed: { type: 'OnAccountSuppressionList' },
      },
    };
    expect(await receiveResendEvent(signed(event))).toEqual({
      status: 409,
      body: 'courriel pas encore connu : à renvoyer',
    });
    // The worker writes Resend's id; Resend sends the event again 5 s later.
    await db.outboundMessage.update({ where: { id: s.id }, data: { providerId: s.providerId } });
    expect(await receiveResendEvent(signed(event))).toEqual({ status: 200, body: 'enregistré' });
    expect(await statusOf(s.id)).toBe('REFUSED');
  });

  it('un appel mal signé, rejoué trop tard ou sans signature est refusé sans rien changer', async () => {
    const s = await sentEmail('parent.vise@exemple.fr');
    const event = bounced(s.providerId, 'parent.vise@exemple.fr');
    const otherKey = `whsec_${randomBytes(24).toString('base64')}`;
    expect(await receiveResendEvent(signed(event, { key: otherKey }))).toEqual({
      status: 400,
      body: 'signature invalide',
    });
    expect(await receiveResendEvent(signed(event, { secondsAgo: 6 * 60 }))).toEqual({
      status: 400,
      body: 'signature invalide',
    });
    const tampered = signed(event);
    tampered.body = tampered.body.replace('Permanent', 'Transient');
    expect((await receiveResendEvent(tampered)).status).toBe(400);
    expect((await receiveResendEvent({ body: JSON.stringify(event), headers: new Headers(), secret })).status).toBe(
      400,
    );
    expect(await statusOf(s.id)).toBe('SENT');
  });
});

describe('« Accueil » du directeur : les courriels non remis de son école', () => {
  it('les courriers par courriel refusés des 30 derniers jours, de cette école seulement', async () => {
    const mine = await sentEmail('faute.de.frappe@gmial.com');
    const theirs = await sentEmail('autre.ecole@gmial.com');
    for (const m of [mine, theirs]) await receiveResendEvent(signed(bounced(m.providerId, 'x@gmial.com')));
    // In the same school: an older refusal, an SMS code refused, and an e-mail delivered.
    const more = (data: {
      template: string;
      channel?: 'EMAIL' | 'SMS';
      status?: 'REFUSED' | 'SENT';
      daysAgo?: number;
    }) =>
      db.outboundMessage.create({
        data: {
          channel: data.channel ?? 'EMAIL',
          recipient: 'faute.de.frappe@gmial.com',
          template: data.template,
          text: '',
          accountId: mine.accountId,
          status: data.status ?? 'REFUSED',
          createdAt: new Date(Date.now() - (data.daysAgo ?? 0) * 86_400_000),
        },
      });
    const activation = await more({ template: 'C07', daysAgo: 2 });
    await more({ template: 'C04', daysAgo: 31 });
    await more({ template: 'code-sms', channel: 'SMS' });
    await more({ template: 'C06', status: 'SENT' });

    const listed = await undeliveredLettersForSchool(mine.schoolId);
    expect(listed.map((u) => [u.id, u.identifiant !== '', u.responsable, u.recipient, u.courrier])).toEqual([
      [
        mine.id,
        true,
        'REBOND Parent0',
        'faute.de.frappe@gmial.com',
        "Distribution d'un compte par courrier électronique",
      ],
      [activation.id, true, 'REBOND Parent0', 'faute.de.frappe@gmial.com', "Validation de l'adresse mail"],
    ]);
    expect((await undeliveredLettersForSchool(theirs.schoolId)).map((u) => u.id)).toEqual([theirs.id]);
  });
});
