/**
 * The portal's forms that answer the same whatever was typed answer in the same time too (issue
 * « Guardian portal », items 4, 7 and 9; lib/portal/later.ts): what tells a known person from an
 * unknown one — the accounts looked up, a code or link made, an e-mail rendered, an SMS queued — is
 * handed to `later`, which the portal's actions run once the answer has left. Here `later` keeps the
 * work aside: the part the answer waits for must do the same for a known person and an unknown one,
 * and send nothing; the work kept aside then sends to the known person only.
 */
import { runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { remindIdentifiants } from '@/lib/portal/forgot-identifiant';
import { requestPasswordCode, requestPasswordReset } from '@/lib/portal/forgot-password';
import { resendIdentityCode, startIdentityPath, submitIdentity } from '@/lib/portal/identity-path';
import type { Later, PortalRequest } from '@/lib/portal/later';
import {
  carryOutPortalRequest,
  PORTAL_REQUEST_TRIES,
  purgePortalRequests,
  queuePortalRequest,
} from '@/lib/portal/portal-requests';
import { createFamily, createSchool } from '@/tests/support/factories';
import { taskList } from '@/workers/tasks';

let ipCounter = 0;
const newIp = () => `198.51.100.${++ipCounter}`;

/** A `later` that keeps the requests aside until `run()`, which carries them out as the worker does. */
function keptAside() {
  const kept: PortalRequest[] = [];
  const later: Later = async (request) => void kept.push(request);
  return {
    later,
    kept,
    run: async () => {
      for (const r of kept.splice(0)) await carryOutPortalRequest(r);
    },
  };
}

const messages = () => db.outboundMessage.count();

async function activeFamily(mobile: string, email: string) {
  const school = await createSchool();
  const f = await createFamily(school, {
    first: 'Louise',
    last: 'MOREAU',
    classLabel: 'CE2',
    level: 'CE2',
    birthDate: '2017-03-02',
    guardians: [{ first: 'Paul', state: 'ACTIVE', password: 'soleil2024', email, mobile }],
  });
  await db.account.update({ where: { id: f.accounts[0].id }, data: { mobile } });
  return f.accounts[0];
}

describe('mêmes réponses, même temps : le travail qui distingue vient après la réponse', () => {
  it('« Mot de passe oublié ? » par courriel et « Identifiant oublié ? »', async () => {
    const account = await activeFamily('+33611223301', 'paul.moreau1@exemple.fr');
    const before = await messages();
    const { later, kept, run } = keptAside();
    await requestPasswordReset({ identifiant: account.identifiant, ip: newIp() }, later);
    await requestPasswordReset({ identifiant: 'personne.inconnue', ip: newIp() }, later);
    await remindIdentifiants({ contact: 'paul.moreau1@exemple.fr', ip: newIp() }, later);
    await remindIdentifiants({ contact: 'inconnu@exemple.fr', ip: newIp() }, later);
    await remindIdentifiants({ contact: '06 11 22 33 01', ip: newIp() }, later);
    // Before the work kept aside: nothing looked up that shows, nothing sent, to anyone.
    expect(await messages()).toBe(before);
    expect(kept).toHaveLength(5);
    await run();
    const sent = await db.outboundMessage.findMany({
      where: { recipient: { in: ['paul.moreau1@exemple.fr', '+33611223301'] } },
      select: { template: true, recipient: true },
      orderBy: { id: 'asc' },
    });
    expect(sent.map((m) => m.template)).toEqual([
      'mot-de-passe-oublie',
      'identifiant-oublie',
      'identifiant-oublie-sms',
    ]);
    expect(await messages()).toBe(before + 3);
  });

  it('« Mot de passe oublié ? » par SMS : un même parcours pour tous, le code ensuite au seul connu', async () => {
    const account = await activeFamily('+33611223302', 'paul.moreau2@exemple.fr');
    const before = await messages();
    const { later, run } = keptAside();
    const known = await requestPasswordCode({ identifiant: account.identifiant, ip: newIp() }, later);
    const unknown = await requestPasswordCode({ identifiant: 'personne.inconnue2', ip: newIp() }, later);
    const paths = await db.portalFlow.findMany({
      where: { purpose: 'RECOVERY' },
      orderBy: { createdAt: 'desc' },
      take: 2,
    });
    expect(paths.map((p) => p.data)).toEqual([
      { accountId: null, smsCodeId: null },
      { accountId: null, smsCodeId: null },
    ]);
    expect(known.token).not.toBe(unknown.token);
    expect(await messages()).toBe(before);
    await run();
    expect(await db.outboundMessage.count({ where: { recipient: '+33611223302', template: 'code-sms' } })).toBe(1);
    expect(await messages()).toBe(before + 1);
    const after = await db.portalFlow.findMany({
      where: { purpose: 'RECOVERY' },
      orderBy: { createdAt: 'desc' },
      take: 2,
    });
    expect(after.map((p) => (p.data as { accountId: number | null }).accountId).sort()).toEqual([account.id, null]);
  });

  it('création par SMS, « Renvoyer un code » : même écran suivant, le code ensuite au seul connu', async () => {
    const school = await createSchool();
    const mobile = '+33611223303';
    await createFamily(school, {
      first: 'Noé',
      last: 'FAURE',
      classLabel: 'CP',
      level: 'CP',
      guardians: [{ first: 'Inès', state: 'NON_NOTIFIE', mobile }],
    });
    const before = await messages();
    const { later, run } = keptAside();
    const known = await startIdentityPath('SIGNUP', { step: 'mobile' });
    const unknown = await startIdentityPath('SIGNUP', { step: 'mobile' });
    await submitIdentity(
      { token: known.token, purpose: 'SIGNUP', mobile, names: { lastName: 'Faure', firstName: 'Inès' }, ip: newIp() },
      later,
    );
    await submitIdentity(
      {
        token: unknown.token,
        purpose: 'SIGNUP',
        mobile: '+33611223399',
        names: { lastName: 'Personne', firstName: 'Inconnue' },
        ip: newIp(),
      },
      later,
    );
    const waiting = await db.portalFlow.findMany({
      where: { purpose: 'SIGNUP' },
      orderBy: { createdAt: 'desc' },
      take: 2,
    });
    expect(waiting.map((p) => ({ ...(p.data as object), mobile: undefined }))).toEqual([
      { step: 'code', accountIds: [], smsCodeId: null, mobile: undefined },
      { step: 'code', accountIds: [], smsCodeId: null, mobile: undefined },
    ]);
    expect(await messages()).toBe(before);
    await run();
    expect(await db.outboundMessage.count({ where: { recipient: mobile, template: 'code-sms' } })).toBe(1);
    expect(await messages()).toBe(before + 1);

    // « Renvoyer un code »: the same answer for both; a second code to the known person only.
    await resendIdentityCode({ token: known.token, purpose: 'SIGNUP', ip: newIp() }, later);
    await resendIdentityCode({ token: unknown.token, purpose: 'SIGNUP', ip: newIp() }, later);
    expect(await messages()).toBe(before + 1);
    await run();
    expect(await db.outboundMessage.count({ where: { recipient: mobile, template: 'code-sms' } })).toBe(2);
    expect(await messages()).toBe(before + 2);
  });

  it('par les workers : une tâche « portal-request » par demande, qui envoie au seul connu', async () => {
    const account = await activeFamily('+33611223304', 'paul.moreau4@exemple.fr');
    await db.$executeRaw`delete from graphile_worker._private_jobs`;
    const before = await messages();
    await requestPasswordReset({ identifiant: account.identifiant, ip: newIp() }, queuePortalRequest);
    await requestPasswordReset({ identifiant: 'personne.inconnue4', ip: newIp() }, queuePortalRequest);
    const jobs = await db.$queryRaw<{ task: string; payload: unknown }[]>`
      select t.identifier as task, j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id order by j.id`;
    expect(jobs).toEqual([
      { task: 'portal-request', payload: { kind: 'lien-mot-de-passe', identifiant: account.identifiant } },
      { task: 'portal-request', payload: { kind: 'lien-mot-de-passe', identifiant: 'personne.inconnue4' } },
    ]);
    expect(await messages()).toBe(before);
    await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, noHandleSignals: true });
    expect(
      await db.outboundMessage.count({
        where: { recipient: 'paul.moreau4@exemple.fr', template: 'mot-de-passe-oublie' },
      }),
    ).toBe(1);
    // The e-mail's own job (send-message) was queued and taken by the same run: nothing else was sent.
    expect(await messages()).toBe(before + 1);
  });

  it('un parcours fini ou expiré avant que le worker prenne la demande : rien n’est envoyé, sans erreur', async () => {
    const account = await activeFamily('+33611223305', 'paul.moreau5@exemple.fr');
    const { later, kept } = keptAside();
    await requestPasswordCode({ identifiant: account.identifiant, ip: newIp() }, later);
    const signup = await startIdentityPath('SIGNUP', { step: 'mobile' });
    await submitIdentity(
      {
        token: signup.token,
        purpose: 'SIGNUP',
        mobile: '+33611223305',
        names: { lastName: 'Moreau', firstName: 'Paul' },
        ip: newIp(),
      },
      later,
    );
    // The workers were stopped longer than a path lives: the paths are gone when they take the requests.
    await db.portalFlow.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await messages();
    for (const r of kept.splice(0)) await expect(carryOutPortalRequest(r)).resolves.toBeUndefined();
    expect(await messages()).toBe(before);
  });

  it('ce qu’une demande abandonnée garde de la personne est effacé par la purge du jour', async () => {
    await db.$executeRaw`delete from graphile_worker._private_jobs`;
    await requestPasswordReset({ identifiant: 'abandonnee.un', ip: newIp() }, queuePortalRequest);
    await requestPasswordReset({ identifiant: 'ancienne.deux', ip: newIp() }, queuePortalRequest);
    await requestPasswordReset({ identifiant: 'en.cours.trois', ip: newIp() }, queuePortalRequest);
    await requestPasswordReset({ identifiant: 'tenue.quatre', ip: newIp() }, queuePortalRequest);
    const payload = (identifiant: string) => JSON.stringify({ kind: 'lien-mot-de-passe', identifiant });
    // Given up by the worker (its 5 tries spent); another queued two days ago; a third held by a worker.
    await db.$executeRaw`update graphile_worker._private_jobs set attempts = max_attempts
                          where payload::text = ${payload('abandonnee.un')}`;
    await db.$executeRaw`update graphile_worker._private_jobs set created_at = now() - interval '2 days'
                          where payload::text in (${payload('ancienne.deux')}, ${payload('tenue.quatre')})`;
    await db.$executeRaw`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'worker-test'
                          where payload::text = ${payload('tenue.quatre')}`;
    expect(
      (await db.$queryRaw<{ n: number }[]>`select max(max_attempts)::int as n from graphile_worker.jobs`)[0].n,
    ).toBe(PORTAL_REQUEST_TRIES);
    expect(await purgePortalRequests()).toBe(2);
    const left = await db.$queryRaw<{ payload: { identifiant: string } }[]>`
      select payload from graphile_worker._private_jobs order by id`;
    expect(left.map((j) => j.payload.identifiant)).toEqual(['en.cours.trois', 'tenue.quatre']);
    await db.$executeRaw`delete from graphile_worker._private_jobs`;
  });

  it('trois courriels par heure à une même adresse, d’où que viennent les demandes', async () => {
    const account = await activeFamily('+33611223306', 'paul.moreau6@exemple.fr');
    for (let i = 0; i < 4; i++) await requestPasswordReset({ identifiant: account.identifiant, ip: newIp() });
    await remindIdentifiants({ contact: 'paul.moreau6@exemple.fr', ip: newIp() });
    const sent = await db.outboundMessage.findMany({
      where: { recipient: 'paul.moreau6@exemple.fr' },
      select: { template: true },
    });
    expect(sent.map((m) => m.template)).toEqual(['mot-de-passe-oublie', 'mot-de-passe-oublie', 'mot-de-passe-oublie']);
    // The SMS channel keeps its own count (3 an hour per number).
    await remindIdentifiants({ contact: '06 11 22 33 06', ip: newIp() });
    expect(await db.outboundMessage.count({ where: { recipient: '+33611223306' } })).toBe(1);
  });
});
