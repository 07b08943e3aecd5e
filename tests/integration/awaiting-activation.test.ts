/**
 * An account « En cours d'activation » whose parent signs in (with the chosen password, or a new one
 * after a director's reset): a session that only shows where the C07 went, a new C07 — unless the
 * last one was refused, when the address comes first — and a new one to a corrected address.
 */
import { describe, expect, it } from 'vitest';
import { resetPasswords } from '@/lib/accounts/reset-passwords';
import { accountHistory } from '@/lib/audit/account-history';
import { readGuardianSession } from '@/lib/auth/guardian-sessions';
import { db } from '@/lib/db';
import { isDomainError } from '@/lib/errors';
import { activationMailState, resendActivationByGuardian } from '@/lib/portal/awaiting-activation';
import { chooseNewPassword } from '@/lib/portal/first-login';
import { signInGuardian } from '@/lib/portal/sign-in-guardian';
import { activateAccount } from '@/lib/accounts/activate-account';
import { issueEmailToken } from '@/lib/accounts/activation-token';
import { createDirector, createFamily, createSchool } from '@/tests/support/factories';

let ipCounter = 0;
const newIp = () => `198.51.100.${++ipCounter}`;

/** A parent who did the first login (password « plage2024 », address given): « En cours d'activation ». */
async function awaitingFamily(email: string) {
  const school = await createSchool();
  const f = await createFamily(school, {
    first: 'Noah',
    last: 'FAURE',
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Léa', state: 'EN_COURS_ACTIVATION', email, password: 'plage2024' }],
  });
  // createFamily validates the address of a real password: this one waits for its click.
  await db.account.update({ where: { id: f.accounts[0].id }, data: { email, emailVerifiedAt: null } });
  return { school, ...f.accounts[0] };
}

const c07s = (accountId: number) =>
  db.outboundMessage.findMany({
    where: { accountId, template: 'C07' },
    orderBy: { id: 'asc' },
    select: { id: true, recipient: true, status: true },
  });

describe('connexion d’un compte « En cours d’activation »', () => {
  it('un nouveau lien, et une session qui ne montre que la page du courriel', async () => {
    const a = await awaitingFamily('lea.faure@exemple.fr');
    const outcome = await signInGuardian({ identifiant: a.identifiant, password: 'plage2024', ip: newIp() });
    expect(outcome.stage).toBe('AWAITING_ACTIVATION');
    expect(await readGuardianSession(outcome.token)).toMatchObject({ accountId: a.id, stage: 'AWAITING_ACTIVATION' });
    expect((await c07s(a.id)).map((m) => m.recipient)).toEqual(['lea.faure@exemple.fr']);
    expect(await activationMailState(a.id)).toEqual({
      identifiant: a.identifiant,
      email: 'lea.faure@exemple.fr',
      refused: false,
    });
  });

  it('le dernier courriel refusé : rien n’est renvoyé à cette adresse ; corrigée, un nouveau lien y part', async () => {
    const a = await awaitingFamily('lea.faure@gmial.com');
    await signInGuardian({ identifiant: a.identifiant, password: 'plage2024', ip: newIp() });
    await db.outboundMessage.updateMany({ where: { accountId: a.id, template: 'C07' }, data: { status: 'REFUSED' } });
    expect((await activationMailState(a.id)).refused).toBe(true);

    const again = await signInGuardian({ identifiant: a.identifiant, password: 'plage2024', ip: newIp() });
    expect(again.stage).toBe('AWAITING_ACTIVATION');
    expect(await c07s(a.id)).toHaveLength(1);

    await resendActivationByGuardian({ accountId: a.id, email: 'lea.faure@gmail.com', ip: newIp() });
    const sent = await c07s(a.id);
    expect(sent.map((m) => [m.recipient, m.status])).toEqual([
      ['lea.faure@gmial.com', 'REFUSED'],
      ['lea.faure@gmail.com', 'PENDING'],
    ]);
    expect(await activationMailState(a.id)).toMatchObject({ email: 'lea.faure@gmail.com', refused: false });
    const history = await accountHistory(a.id);
    expect(history[0]).toMatchObject({ label: "Mail d'activation renvoyé", by: 'Le responsable' });

    // The link to the corrected address activates it, and the session that waited is closed.
    const { token } = await db.$transaction((tx) =>
      issueEmailToken(tx, { accountId: a.id, email: 'lea.faure@gmail.com', purpose: 'ACTIVATION' }),
    );
    await activateAccount({ token });
    expect(await db.guardianSession.count({ where: { accountId: a.id } })).toBe(0);
    const refusal = await resendActivationByGuardian({ accountId: a.id, email: 'x@exemple.fr', ip: newIp() }).catch(
      (e: unknown) => (isDomainError(e) ? e.code : e),
    );
    expect(refusal).toBe('ALREADY_ACTIVATED');
  });

  it('après une réinitialisation du directeur : nouveau mot de passe, puis la même page', async () => {
    const a = await awaitingFamily('lea.faure@exemple.fr');
    const director = await createDirector([a.school]);
    const pupil = await db.guardian.findFirstOrThrow({
      where: { accountId: a.id },
      select: { pupils: { select: { pupilId: true } } },
    });
    await resetPasswords({
      schoolId: a.school.id,
      agentId: director.id,
      rows: [{ pupilId: pupil.pupils[0].pupilId, accountId: a.id }],
    });
    const outcome = await chooseNewPassword({ accountId: a.id, password: 'dune2025a' });
    expect(outcome.stage).toBe('AWAITING_ACTIVATION');
    expect(await readGuardianSession(outcome.token)).toMatchObject({ stage: 'AWAITING_ACTIVATION' });
    expect((await c07s(a.id)).map((m) => m.recipient)).toEqual(['lea.faure@exemple.fr']);
  });
});
