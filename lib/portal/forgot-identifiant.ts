import 'server-only';
import { randomUUID } from 'node:crypto';
import { consumeEmailAllowance, consumeFormAllowance, consumeSmsAllowance } from '@/lib/auth/throttle';
import { signInUrl } from '@/lib/config/settings';
import { db } from '@/lib/db';
import { normalizeMobile } from '@/lib/phone';
import { queueMessage } from '@/lib/messaging/queue-message';
import { sendPortalEmail } from '@/lib/portal/send-portal-email';
import type { Later } from '@/lib/portal/later';
import { identifiantsText } from '@/lib/portal/sms-texts';

/**
 * « Identifiant oublié ? » (guide §1.3.3): every identifiant of the person, sent to the validated
 * address typed (by e-mail) or to the confirmed mobile typed (by SMS), for accounts « Activé ».
 * The screen answers the same whatever was typed, and in the same time: all but the form's allowance
 * is left to `later` (later.ts).
 */
export async function remindIdentifiants(
  { contact, ip }: { contact: string; ip: string },
  later?: Later,
): Promise<void> {
  await consumeFormAllowance(ip);
  if (later) await later({ kind: 'identifiants', contact, ip });
  else await sendIdentifiants(contact, ip);
}

/** The identifiants sent when what was typed is an activated account's validated address or confirmed mobile. */
export async function sendIdentifiants(contact: string, ip: string): Promise<void> {
  const mobile = contact.includes('@') ? null : normalizeMobile(contact);
  if (mobile) {
    const accounts = await db.account.findMany({
      where: { mobile, deletedAt: null, state: 'ACTIVE' },
      select: { identifiant: true },
      orderBy: { identifiant: 'asc' },
    });
    if (accounts.length === 0 || !(await consumeSmsAllowance({ mobile, ip }))) return;
    await queueMessage(db, {
      channel: 'SMS',
      recipient: mobile,
      template: 'identifiant-oublie-sms',
      text: identifiantsText(accounts.map((a) => a.identifiant)),
      idempotencyKey: `identifiant-oublie:${randomUUID()}`,
    });
    return;
  }
  const email = contact.trim().toLowerCase();
  const accounts = await db.account.findMany({
    where: {
      email: { equals: email, mode: 'insensitive' },
      emailVerifiedAt: { not: null },
      deletedAt: null,
      state: 'ACTIVE',
    },
    select: { identifiant: true, email: true },
    orderBy: { identifiant: 'asc' },
  });
  if (accounts.length === 0 || !(await consumeEmailAllowance(email))) return;
  const list = accounts.map((a) => a.identifiant);
  await db.$transaction((tx) =>
    sendPortalEmail(tx, {
      template: 'identifiant-oublie',
      to: accounts[0].email!,
      idempotencyKey: `identifiant-oublie:${randomUUID()}`,
      input: {
        subject: "Services en ligne de l'éducation nationale - rappel de votre identifiant",
        paragraphs: [
          list.length === 1
            ? `Votre identifiant EduConnect est : ${list[0]}`
            : `Vos identifiants EduConnect sont : ${list.join(', ')}`,
          'Vous pouvez vous connecter aux services en ligne avec cet identifiant et votre mot de passe :',
        ],
        link: { label: 'Se connecter', href: signInUrl(list[0]) },
        after: ["Si vous n'êtes pas à l'origine de cette demande, ignorez ce message."],
      },
    }),
  );
}
