import 'server-only';
import { sendActivationLink } from '@/lib/accounts/activation-link';
import { sendActivationAgain } from '@/lib/accounts/resend-activation';
import { consumeFormAllowance } from '@/lib/auth/throttle';
import type { Tx } from '@/lib/database/prisma';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';

/**
 * An account « En cours d'activation » whose parent is signed in (session AWAITING_ACTIVATION): where
 * the last activation e-mail (C07) went and whether the parent's mail server refused it, and a new
 * one to the same or a corrected address — what the guide promises the parent (annexe A1.3: « Si vous
 * ne recevez pas de courriel, […] connectez-vous à nouveau pour modifier votre adresse de messagerie »;
 * §1.4: the address may be changed during the activation, and is the account's, not the directory's).
 */

/** Whether the last C07 of the account, sent to `email`, was refused (at sending, or bounced after). */
export async function lastActivationRefused(accountId: number, email: string, tx: Tx = db): Promise<boolean> {
  const last = await tx.outboundMessage.findFirst({
    where: { accountId, template: 'C07', channel: 'EMAIL' },
    orderBy: { id: 'desc' },
    select: { recipient: true, status: true },
  });
  return !!last && last.status === 'REFUSED' && last.recipient.toLowerCase() === email.toLowerCase();
}

/**
 * A new C07 to the account's address when the parent signs in again while the click is awaited (a
 * sign-in, or a new password after a reset) — unless there is no address or the parent's mail server
 * refused the last one sent there: the page then asks for the address first.
 */
export async function renewActivationLink(
  tx: Tx,
  account: { id: number; identifiant: string; email: string | null },
): Promise<void> {
  if (!account.email || (await lastActivationRefused(account.id, account.email, tx))) return;
  await sendActivationLink(tx, { accountId: account.id, identifiant: account.identifiant, email: account.email });
}

export interface ActivationMailState {
  identifiant: string;
  /** The account's address, where the next C07 goes; null if it has none. */
  email: string | null;
  /** The parent's mail server refused the last C07 sent to that address. */
  refused: boolean;
}

/** What the page of a session waiting for its click shows. */
export async function activationMailState(accountId: number): Promise<ActivationMailState> {
  const account = await db.account.findUniqueOrThrow({
    where: { id: accountId },
    select: { identifiant: true, email: true },
  });
  return {
    identifiant: account.identifiant,
    email: account.email,
    refused: !!account.email && (await lastActivationRefused(accountId, account.email)),
  };
}

/**
 * « Recevoir un nouveau courriel d'activation »: the address typed (corrected or not) becomes the
 * account's, a new C07 is sent to it and the previous link stops working. Counted with the
 * portal's other forms (20 an hour per address): an e-mail each time.
 */
export async function resendActivationByGuardian({
  accountId,
  email,
  ip,
}: {
  accountId: number;
  email: string;
  ip: string;
}): Promise<void> {
  await consumeFormAllowance(ip);
  await db.$transaction(async (tx) => {
    const account = await tx.account.findFirst({
      where: { id: accountId, deletedAt: null },
      select: { identifiant: true, state: true, email: true },
    });
    // Activated meanwhile (the link of an earlier e-mail followed): nothing to send.
    if (account?.state === 'ACTIVE') throw new DomainError('ALREADY_ACTIVATED');
    if (account?.state !== 'EN_COURS_ACTIVATION') throw new DomainError('SESSION_EXPIRED');
    await sendActivationAgain(tx, {
      account: { id: accountId, identifiant: account.identifiant, email: account.email },
      email,
      actor: { actorType: 'GUARDIAN', actorId: String(accountId) },
    });
  });
}
