import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
import { franceConnectAuthorization, franceConnectIdentity } from '@/lib/auth/franceconnect';
import { openGuardianSession } from '@/lib/auth/guardian-sessions';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { readIdentityPath, startIdentityPath } from '@/lib/portal/identity-path';
import { closeFlow, saveFlow } from '@/lib/portal/portal-flow';

/** « S'identifier avec FranceConnect »: the path opens and the browser goes to FranceConnect. */
export async function beginFranceConnect(): Promise<{ url: string; flowToken: string }> {
  const { url, oidc } = await franceConnectAuthorization();
  const { token } = await startIdentityPath('FRANCECONNECT', { step: 'oidc', oidc });
  return { url, flowToken: token };
}

/**
 * Back from FranceConnect (guide §1.3.5): a subject already linked opens its account at once;
 * otherwise the linking goes on (mobile, SMS code, children's birth dates).
 */
export async function returnFromFranceConnect({
  flowToken,
  callback,
  replacing,
}: {
  flowToken: string | undefined;
  callback: URL;
  replacing?: string;
}): Promise<{ kind: 'session'; token: string } | { kind: 'link' }> {
  const flow = await readIdentityPath(flowToken, 'FRANCECONNECT');
  if (flow.data.step !== 'oidc' || !flow.data.oidc) throw new DomainError('FLOW_EXPIRED');
  const identity = await franceConnectIdentity(callback, flow.data.oidc);
  const account = await db.account.findFirst({
    where: { franceConnectSub: identity.sub, deletedAt: null, state: 'ACTIVE' },
    select: { id: true },
  });
  if (!account) {
    await saveFlow(flow.id, { step: 'mobile', franceConnect: identity });
    return { kind: 'link' };
  }
  const token = await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: account.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(
      {
        actorType: 'GUARDIAN',
        actorId: String(account.id),
        action: 'portail.connexion-franceconnect',
        accountId: account.id,
      },
      tx,
    );
    await closeFlow(flow.id, tx);
    return openGuardianSession(
      { accountId: account.id, stage: 'SIGNED_IN', franceConnectIdToken: identity.idToken, replacing },
      tx,
    );
  });
  return { kind: 'session', token };
}
