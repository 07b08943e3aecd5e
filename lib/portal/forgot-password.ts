import 'server-only';
import { consumeEmailToken, hashToken, issueEmailToken } from '@/lib/accounts/activation-token';
import { hashPassword } from '@/lib/accounts/password-hash';
import { recordAudit } from '@/lib/audit/record-audit';
import { closeAccountSessions } from '@/lib/auth/guardian-sessions';
import {
  clearSignInFailures,
  consumeEmailAllowance,
  consumeFormAllowance,
  consumeSmsAllowance,
  normaliseIdentifiant,
} from '@/lib/auth/throttle';
import { appUrl } from '@/lib/config/settings';
import { db } from '@/lib/db';
import type { Tx } from '@/lib/database/prisma';
import { DomainError } from '@/lib/errors';
import {
  checkSmsCode,
  closeFlow,
  openFlow,
  readFlow,
  readFlowById,
  saveFlow,
  sendSmsCode,
} from '@/lib/portal/portal-flow';
import type { Later } from '@/lib/portal/later';
import { sendPortalEmail } from '@/lib/portal/send-portal-email';

/**
 * « Mot de passe oublié ? » (guide §1.3.3: accounts « Activé » help themselves): a link valid 24
 * hours, single use, sent to the account's validated address. The answer on screen is the same
 * whatever was typed.
 */
export async function requestPasswordReset(
  { identifiant, ip }: { identifiant: string; ip: string },
  later?: Later,
): Promise<void> {
  await consumeFormAllowance(ip);
  if (later) await later({ kind: 'lien-mot-de-passe', identifiant });
  else await sendPasswordLink(identifiant);
}

/** The link sent when `identifiant` is an activated account with a validated address. */
export async function sendPasswordLink(identifiant: string): Promise<void> {
  const account = await db.account.findFirst({
    where: {
      identifiant: normaliseIdentifiant(identifiant),
      deletedAt: null,
      state: 'ACTIVE',
      email: { not: null },
      emailVerifiedAt: { not: null },
    },
    select: { id: true, identifiant: true, email: true },
  });
  if (!account?.email || !(await consumeEmailAllowance(account.email))) return;
  const email = account.email;
  await db.$transaction(async (tx) => {
    const { token, tokenId, expiresAt } = await issueEmailToken(tx, {
      accountId: account.id,
      email,
      purpose: 'PASSWORD_RESET',
    });
    await sendPortalEmail(tx, {
      template: 'mot-de-passe-oublie',
      to: email,
      accountId: account.id,
      idempotencyKey: `mot-de-passe-oublie:${tokenId}`,
      sendBefore: expiresAt,
      input: {
        subject: "Services en ligne de l'éducation nationale - choisir un nouveau mot de passe",
        paragraphs: [
          'Vous avez demandé à choisir un nouveau mot de passe pour votre compte EduConnect ' +
            `(identifiant ${account.identifiant}).`,
          'Pour le choisir, cliquez sur le lien ci-dessous :',
        ],
        link: { label: 'Choisir un nouveau mot de passe', href: `${appUrl()}/mot-de-passe-oublie/${token}` },
        after: [
          "Ce lien ne sert qu'une fois et reste valable 24 heures.",
          "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
        ],
      },
    });
  });
}

/** Whether a password link can still be used (the page shows the form, or says to ask again). */
export async function passwordLinkUsable(token: string): Promise<boolean> {
  const row = await db.activationToken.findFirst({
    where: {
      tokenHash: hashToken(token),
      purpose: 'PASSWORD_RESET',
      usedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date() },
    },
    select: { id: true },
  });
  return row !== null;
}

/** The recovered password: chosen, every session of the account ended, a lock lifted, audited. */
async function setRecoveredPassword(
  tx: Tx,
  { accountId, passwordHash, via }: { accountId: number; passwordHash: string; via: 'lien' | 'sms' },
): Promise<string> {
  const account = await tx.account.update({
    where: { id: accountId, deletedAt: null },
    data: { passwordHash, provisionalPasswordEnc: null, passwordChangedAt: new Date() },
    select: { identifiant: true },
  });
  await closeAccountSessions(accountId, tx);
  await clearSignInFailures(account.identifiant, tx);
  await recordAudit(
    {
      actorType: 'GUARDIAN',
      actorId: String(accountId),
      action: 'compte.mot-de-passe-recupere',
      accountId,
      details: { via },
    },
    tx,
  );
  return account.identifiant;
}

/** The new password through the link. */
export async function resetPasswordWithLink({ token, password }: { token: string; password: string }): Promise<{
  identifiant: string;
}> {
  const passwordHash = await hashPassword(password);
  const identifiant = await db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, { token, purpose: 'PASSWORD_RESET' });
    if (!used) throw new DomainError('EMAIL_LINK_INVALID');
    return setRecoveredPassword(tx, { accountId: used.accountId, passwordHash, via: 'lien' });
  });
  return { identifiant };
}

interface RecoveryFlow {
  accountId: number | null;
  smsCodeId: number | null;
}

/**
 * « Mot de passe oublié ? » by SMS: a 6-digit code (10 minutes, 5 tries) to the mobile confirmed
 * on the account. The path opens whatever was typed; a code leaves only for an account
 * « Activé » with a confirmed mobile, so the next screen tells nothing.
 */
export async function requestPasswordCode(
  { identifiant, ip }: { identifiant: string; ip: string },
  later?: Later,
): Promise<{ token: string }> {
  await consumeFormAllowance(ip);
  // The path opens alike for everyone; whose it is, and its code, come after the answer (later.ts).
  const { token, id } = await openFlow<RecoveryFlow>('RECOVERY', { accountId: null, smsCodeId: null });
  if (later) await later({ kind: 'code-mot-de-passe', flowId: id, identifiant, ip });
  else await sendPasswordCode(id, identifiant, ip);
  return { token };
}

/** The path's account and its code by SMS, when `identifiant` is an activated account with a mobile. */
export async function sendPasswordCode(flowId: string, identifiant: string, ip: string): Promise<void> {
  const account = await db.account.findFirst({
    where: { identifiant: normaliseIdentifiant(identifiant), deletedAt: null, state: 'ACTIVE', mobile: { not: null } },
    select: { id: true, mobile: true },
  });
  const mobile = account?.mobile;
  // A path ended or expired meanwhile (workers stopped longer than its 30 minutes): nothing to send.
  if (!account || !mobile || !(await readFlowById<RecoveryFlow>(flowId, 'RECOVERY'))) return;
  const send = await consumeSmsAllowance({ mobile, ip });
  await db.$transaction(async (tx) => {
    const smsCodeId = send ? await sendSmsCode(tx, { flowId, purpose: 'RECOVERY', mobile }) : null;
    await saveFlow<RecoveryFlow>(flowId, { accountId: account.id, smsCodeId }, tx);
  });
}

/** The code received and the new password. */
export async function resetPasswordWithCode({
  token,
  code,
  password,
}: {
  token: string | undefined;
  code: string;
  password: string;
}): Promise<{ identifiant: string }> {
  const flow = await readFlow<RecoveryFlow>(token, 'RECOVERY');
  await checkSmsCode({ flowId: flow.id, smsCodeId: flow.data.smsCodeId, code });
  if (flow.data.accountId === null) throw new DomainError('SMS_CODE_INVALID');
  const accountId = flow.data.accountId;
  const passwordHash = await hashPassword(password);
  const identifiant = await db.$transaction(async (tx) => {
    await closeFlow(flow.id, tx);
    return setRecoveredPassword(tx, { accountId, passwordHash, via: 'sms' });
  });
  return { identifiant };
}
