import 'server-only';
import { hashPassword } from '@/lib/accounts/password-hash';
import { recordAudit } from '@/lib/audit/record-audit';
import { openGuardianSession } from '@/lib/auth/guardian-sessions';
import { clearSignInFailures, consumeFormAllowance, consumeSmsAllowance } from '@/lib/auth/throttle';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import type { SmsPurpose } from '@/lib/generated/prisma/enums';
import { queueMessage } from '@/lib/messaging/queue-message';
import {
  childrenToConfirm,
  confirmedAccounts,
  findGuardianAccounts,
  type ChildToConfirm,
} from '@/lib/portal/guardian-identity';
import { mergeAccounts } from '@/lib/portal/merge-accounts';
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
import { alreadyActivatedText } from '@/lib/portal/sms-texts';

/**
 * The steps shared by the SMS signup and the FranceConnect linking (guide §1.3.4, §1.3.5):
 * who (names + mobile) → a code by SMS → the children confirmed by their birth dates →
 * (regroupement if several accounts) → « Activé ». Nothing on screen tells whether the person
 * or the number is known: an unknown person goes through the same screens and never gets a code.
 */
export type IdentityPurpose = Extract<SmsPurpose, 'SIGNUP' | 'FRANCECONNECT'>;

export interface FranceConnectIdentity {
  sub: string;
  givenName: string;
  familyName: string;
  preferredUsername: string | null;
  birthdate: string | null;
  idToken: string;
}

export interface IdentityFlowData {
  step: 'oidc' | 'mobile' | 'code' | 'children' | 'finish';
  /** FranceConnect's round trip (state, nonce, PKCE verifier), then the identity it gave. */
  oidc?: { state: string; nonce: string; verifier: string };
  franceConnect?: FranceConnectIdentity;
  /** Accounts found for the person (empty when nobody matched). */
  accountIds?: number[];
  mobile?: string;
  smsCodeId?: number | null;
  childFailures?: number;
  confirmed?: number[];
}

const CHILD_TRIES = 5;

/** Opens an identity path (the SMS signup, or FranceConnect before its redirect). */
export async function startIdentityPath(purpose: IdentityPurpose, data: IdentityFlowData): Promise<{ token: string }> {
  const { token } = await openFlow(purpose, data);
  return { token };
}

export async function readIdentityPath(token: string | undefined, purpose: IdentityPurpose) {
  return readFlow<IdentityFlowData>(token, purpose);
}

/**
 * The person says who they are (SMS signup: names typed; FranceConnect: the names it gave) and
 * their mobile (E.164). A code is sent when at least one account may be activated this way; an
 * SMS signup that only finds activated accounts sends their identifiants instead (the number is
 * the one the school has, so this tells nothing to anyone else).
 */
export async function submitIdentity(
  {
    token,
    purpose,
    mobile,
    names,
    ip,
  }: {
    token: string;
    purpose: IdentityPurpose;
    mobile: string;
    names?: { lastName: string; firstName: string };
    ip: string;
  },
  later?: Later,
): Promise<void> {
  const flow = await readIdentityPath(token, purpose);
  const fc = flow.data.franceConnect;
  if (purpose === 'FRANCECONNECT' && !fc) throw new DomainError('FLOW_EXPIRED');
  await consumeFormAllowance(ip);
  if (!(await consumeSmsAllowance({ mobile, ip }))) throw new DomainError('SMS_NOT_SENT');
  // The next screen opens alike for everyone; who matched, and the code, come after the answer (later.ts).
  await saveFlow(flow.id, { ...flow.data, step: 'code', mobile, accountIds: [], smsCodeId: null });
  if (later) await later({ kind: 'identite', flowId: flow.id, purpose, names });
  else await matchIdentity(flow.id, purpose, names);
}

/** The path as its code screen left it (live, a mobile typed), for the work done after the answer; or null. */
async function atCodeStep(flowId: string, purpose: IdentityPurpose) {
  const flow = await readFlowById<IdentityFlowData>(flowId, purpose);
  const mobile = flow?.data.mobile;
  return flow && mobile && flow.data.step === 'code' ? { data: flow.data, mobile } : null;
}

/**
 * Who the identity typed (or FranceConnect's) is among the guardians of eligible pupils, and their
 * code by SMS; a person whose accounts are all activated gets their identifiants instead (SMS signup).
 * Nobody found: nothing sent, the path keeps no account, and every code is refused.
 */
export async function matchIdentity(
  flowId: string,
  purpose: IdentityPurpose,
  names?: { lastName: string; firstName: string },
): Promise<void> {
  const path = await atCodeStep(flowId, purpose);
  if (!path) return;
  const { data, mobile } = path;
  const fc = data.franceConnect;
  const who = fc
    ? { lastNames: [fc.familyName, fc.preferredUsername].filter((n): n is string => !!n), firstName: fc.givenName }
    : { lastNames: [names!.lastName], firstName: names!.firstName };
  const found = await findGuardianAccounts({ mobile, ...who });
  if (!found.length) return;
  // SMS signup activates accounts not yet activated; FranceConnect may also link an activated one.
  const usable = purpose === 'SIGNUP' ? found.filter((a) => a.state !== 'ACTIVE') : found;
  await db.$transaction(async (tx) => {
    let smsCodeId: number | null = null;
    if (usable.length > 0) smsCodeId = await sendSmsCode(tx, { flowId, purpose, mobile });
    else {
      await queueMessage(tx, {
        channel: 'SMS',
        recipient: mobile,
        template: 'rappel-identifiant-sms',
        text: alreadyActivatedText(found.map((a) => a.identifiant)),
        idempotencyKey: `rappel-inscription:${flowId}`,
      });
    }
    await saveFlow(flowId, { ...data, accountIds: usable.map((a) => a.accountId), smsCodeId }, tx);
  });
}

/** A new code for the same path (the previous one stops working); as silent, and as quick, as the first. */
export async function resendIdentityCode(
  {
    token,
    purpose,
    ip,
  }: {
    token: string;
    purpose: IdentityPurpose;
    ip: string;
  },
  later?: Later,
) {
  const flow = await readIdentityPath(token, purpose);
  if (flow.data.step !== 'code' || !flow.data.mobile) throw new DomainError('FLOW_EXPIRED');
  if (!(await consumeSmsAllowance({ mobile: flow.data.mobile, ip }))) throw new DomainError('SMS_NOT_SENT');
  if (later) await later({ kind: 'nouveau-code', flowId: flow.id, purpose });
  else await sendNewIdentityCode(flow.id, purpose);
}

/** A new code to the path's mobile when the person matched (matchIdentity); nothing otherwise. */
export async function sendNewIdentityCode(flowId: string, purpose: IdentityPurpose): Promise<void> {
  const path = await atCodeStep(flowId, purpose);
  if (!path?.data.accountIds?.length) return;
  const { data, mobile } = path;
  await db.$transaction(async (tx) => {
    const smsCodeId = await sendSmsCode(tx, { flowId, purpose, mobile });
    await saveFlow(flowId, { ...data, smsCodeId }, tx);
  });
}

export async function submitIdentityCode({
  token,
  purpose,
  code,
}: {
  token: string;
  purpose: IdentityPurpose;
  code: string;
}) {
  const flow = await readIdentityPath(token, purpose);
  if (flow.data.step !== 'code') throw new DomainError('FLOW_EXPIRED');
  await checkSmsCode({ flowId: flow.id, smsCodeId: flow.data.smsCodeId ?? null, code });
  await saveFlow(flow.id, { ...flow.data, step: 'children' });
}

/** The children to confirm, once the code is right. */
export async function identityChildren(token: string | undefined, purpose: IdentityPurpose): Promise<ChildToConfirm[]> {
  const flow = await readIdentityPath(token, purpose);
  if (flow.data.step !== 'children') throw new DomainError('FLOW_EXPIRED');
  return childrenToConfirm(flow.data.accountIds ?? []);
}

/**
 * The birth dates typed, by pupil id. Accounts whose children are all right are kept; none →
 * refused without saying which date was wrong; after 5 refusals the path ends.
 */
export async function confirmIdentityChildren({
  token,
  purpose,
  birthDates,
}: {
  token: string;
  purpose: IdentityPurpose;
  birthDates: Record<string, string>;
}): Promise<{ accounts: number }> {
  const flow = await readIdentityPath(token, purpose);
  if (flow.data.step !== 'children') throw new DomainError('FLOW_EXPIRED');
  const confirmed = await confirmedAccounts(flow.data.accountIds ?? [], birthDates);
  if (confirmed.length === 0) {
    const failures = (flow.data.childFailures ?? 0) + 1;
    if (failures >= CHILD_TRIES) await closeFlow(flow.id);
    else await saveFlow(flow.id, { ...flow.data, childFailures: failures });
    throw new DomainError(failures >= CHILD_TRIES ? 'FLOW_EXPIRED' : 'CHILDREN_NOT_CONFIRMED');
  }
  await saveFlow(flow.id, { ...flow.data, step: 'finish', confirmed });
  return { accounts: confirmed.length };
}

export interface FinishSummary {
  accounts: { identifiant: string; children: string[] }[];
}

/** What the last screen shows: each confirmed account and its children. */
export async function identitySummary(token: string | undefined, purpose: IdentityPurpose): Promise<FinishSummary> {
  const flow = await readIdentityPath(token, purpose);
  if (flow.data.step !== 'finish' || !flow.data.confirmed) throw new DomainError('FLOW_EXPIRED');
  const ids = flow.data.confirmed;
  const [accounts, children] = await Promise.all([
    db.account.findMany({
      where: { id: { in: ids } },
      select: { id: true, identifiant: true },
      orderBy: { id: 'asc' },
    }),
    childrenToConfirm(ids),
  ]);
  return {
    accounts: accounts.map((a) => ({
      identifiant: a.identifiant,
      children: children.filter((c) => c.accountIds.includes(a.id)).map((c) => `${c.firstName} ${c.lastName}`),
    })),
  };
}

/**
 * The end of the path: the confirmed accounts become « Activé » (origin Responsable by SMS,
 * FranceConnect through FranceConnect, when they were never activated), with the mobile
 * confirmed; with `group`, every confirmed account is merged into one. SMS signup sets the
 * chosen password; FranceConnect links its subject to the surviving account. A session opens on
 * that account.
 */
export async function finishIdentityPath({
  token,
  purpose,
  password,
  group,
}: {
  token: string;
  purpose: IdentityPurpose;
  password?: string;
  group: boolean;
}): Promise<{ token: string; identifiants: string[] }> {
  const flow = await readIdentityPath(token, purpose);
  const confirmed = flow.data.confirmed;
  if (flow.data.step !== 'finish' || !confirmed?.length || !flow.data.mobile) throw new DomainError('FLOW_EXPIRED');
  const fc = flow.data.franceConnect;
  if (purpose === 'FRANCECONNECT' && !fc) throw new DomainError('FLOW_EXPIRED');
  const passwordHash = purpose === 'SIGNUP' && password ? await hashPassword(password) : null;
  const mobile = flow.data.mobile;
  const result = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number; identifiant: string; state: string }[]>`
      select id, identifiant, state::text from account
       where id = any(${confirmed}::int[]) and deleted_at is null order by (state = 'ACTIVE') desc, id for update`;
    if (rows.length === 0) throw new DomainError('FLOW_EXPIRED');
    const survivor = rows[0];
    if (group) await mergeAccounts(tx, { survivorId: survivor.id, absorbedIds: rows.map((r) => r.id) });
    // Without regroupement, an SMS signup activates every confirmed account; FranceConnect links one.
    const activated = group || purpose === 'FRANCECONNECT' ? [survivor] : rows;
    const now = new Date();
    if (fc) await tx.account.updateMany({ where: { franceConnectSub: fc.sub }, data: { franceConnectSub: null } });
    for (const a of activated) {
      await tx.account.update({
        where: { id: a.id },
        data: {
          state: 'ACTIVE',
          ...(a.state !== 'ACTIVE' ? { origin: purpose === 'SIGNUP' ? 'RESPONSABLE' : 'FRANCECONNECT' } : {}),
          mobile,
          lastLoginAt: now,
          ...(passwordHash ? { passwordHash, provisionalPasswordEnc: null, passwordChangedAt: now } : {}),
          ...(fc && a.id === survivor.id ? { franceConnectSub: fc.sub } : {}),
        },
      });
      await recordAudit(
        {
          actorType: 'GUARDIAN',
          actorId: String(a.id),
          action: purpose === 'SIGNUP' ? 'compte.active-sms' : 'compte.lie-franceconnect',
          accountId: a.id,
        },
        tx,
      );
    }
    await closeFlow(flow.id, tx);
    await clearSignInFailures(
      activated.map((a) => a.identifiant),
      tx,
    );
    const session = await openGuardianSession(
      { accountId: survivor.id, stage: 'SIGNED_IN', franceConnectIdToken: fc?.idToken ?? null },
      tx,
    );
    return { token: session, identifiants: activated.map((a) => a.identifiant) };
  });
  return result;
}
