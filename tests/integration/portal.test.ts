/**
 * The guardians' portal against real PostgreSQL (guide §1.2, §1.3.4; DESIGN.md §6): throttling
 * and locks shared through the database, sessions ended by a director's reset, the SMS path with
 * its code and birth dates, regroupement, links that serve one purpose only, and the purge.
 */
import { describe, expect, it } from 'vitest';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { activateAccount } from '@/lib/accounts/activate-account';
import { issueEmailToken } from '@/lib/accounts/activation-token';
import { sendActivationLink } from '@/lib/accounts/activation-link';
import { requestEmailChange } from '@/lib/portal/change-email';
import { ARGON2_PARAMS, verifyPassword } from '@/lib/accounts/password-hash';
import { resetPasswords } from '@/lib/accounts/reset-passwords';
import { openGuardianSession, readGuardianSession } from '@/lib/auth/guardian-sessions';
import { db } from '@/lib/db';
import { isDomainError } from '@/lib/errors';
import {
  passwordLinkUsable,
  requestPasswordCode,
  requestPasswordReset,
  resetPasswordWithCode,
  resetPasswordWithLink,
} from '@/lib/portal/forgot-password';
import {
  confirmIdentityChildren,
  finishIdentityPath,
  startIdentityPath,
  submitIdentity,
  submitIdentityCode,
} from '@/lib/portal/identity-path';
import { remindIdentifiants } from '@/lib/portal/forgot-identifiant';
import { purgePortalState } from '@/lib/portal/purge-portal-state';
import { signInGuardian } from '@/lib/portal/sign-in-guardian';
import { createDirector, createFamily, createSchool } from '@/tests/support/factories';
import { directorRowsOutOfStep } from '@/tests/support/director-rows';
import { openBody } from '@/lib/messaging/message-body';
import { outsideGsm7, smsSegments } from '@/lib/messaging/sms-segments';

let ipCounter = 0;
const newIp = () => `192.0.2.${++ipCounter}`;

const codeOf = (error: unknown) => (isDomainError(error) ? error.code : `non métier : ${(error as Error).message}`);

async function refusal(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'accepté',
    (e) => codeOf(e),
  );
}

/** Lets the growing wait pass, as time would. */
const skipWait = () => db.rateLimit.deleteMany({ where: { key: { startsWith: 'attente-identifiant:' } } });

async function letterFamily(school: { id: number }, opts: { mobile?: string; first?: string } = {}) {
  const f = await createFamily(school, {
    first: opts.first ?? 'Léa',
    last: 'GARNIER',
    classLabel: 'CP A',
    level: 'CP',
    birthDate: '2018-03-09',
    guardians: [
      {
        first: 'Anne',
        state: 'NOTIFIE_NON_ACTIVE',
        provisional: 'H4PX7KMW',
        letterValidUntil: '2099-01-01',
        mobile: opts.mobile,
      },
    ],
  });
  return f.accounts[0];
}

/** A family whose one guardian has an « Activé » account with a chosen password and an address. */
function activeFamily(
  school: { id: number },
  { child, last, guardian, password }: { child: string; last: string; guardian: string; password: string },
) {
  return createFamily(school, {
    first: child,
    last,
    classLabel: 'CE1',
    level: 'CE1',
    guardians: [{ first: guardian, state: 'ACTIVE', password, email: 'parent@exemple.fr' }],
  });
}

describe('connexion : même réponse, attente croissante, blocage après 10 échecs', () => {
  it('un identifiant inconnu et un mot de passe faux sont traités à l’identique, jusqu’au blocage', async () => {
    const school = await createSchool();
    const account = await letterFamily(school);
    const ip = newIp();
    for (const identifiant of [account.identifiant, `inconnu.${ipCounter}`]) {
      const answers: string[] = [];
      for (let i = 1; i <= 10; i++) {
        answers.push(await refusal(signInGuardian({ identifiant, password: 'FAUX1234', ip })));
        if (i === 3) answers.push(await refusal(signInGuardian({ identifiant, password: 'H4PX7KMW', ip })));
        await skipWait();
      }
      // The third failure starts a wait: even the right password is not checked during it.
      expect(answers.slice(0, 3)).toEqual(['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED']);
      expect(answers[3]).toBe('SIGN_IN_WAIT');
      expect(answers.slice(4)).toEqual(Array(7).fill('SIGN_IN_FAILED'));
      expect(await refusal(signInGuardian({ identifiant, password: 'H4PX7KMW', ip }))).toBe('ACCOUNT_LOCKED');
    }
  });

  it('un nouveau courrier lève le blocage ; une réinitialisation ferme les sessions ouvertes', async () => {
    const school = await createSchool();
    const director = await createDirector([school]);
    const agent = await db.agent.findFirstOrThrow({ where: { email: director.email } });
    const account = await letterFamily(school);
    const ip = newIp();
    const outcome = await signInGuardian({ identifiant: account.identifiant, password: 'H4PX7KMW', ip });
    expect(outcome).toMatchObject({ kind: 'session', stage: 'MUST_ACTIVATE' });
    const token = outcome.kind === 'session' ? outcome.token : '';
    expect(await readGuardianSession(token)).toMatchObject({ accountId: account.id });

    for (let i = 0; i < 10; i++) {
      await refusal(signInGuardian({ identifiant: account.identifiant, password: 'FAUX1234', ip }));
      await skipWait();
    }
    const pupil = await db.guardian.findFirstOrThrow({
      where: { accountId: account.id },
      select: { pupils: { select: { pupilId: true } } },
    });
    const rows = [{ pupilId: pupil.pupils[0].pupilId, accountId: account.id }];
    await notifyAccounts({ schoolId: school.id, agentId: agent.id, rows, channel: 'PAPER', reset: false });
    expect(await refusal(signInGuardian({ identifiant: account.identifiant, password: 'H4PX7KMW', ip }))).toBe(
      'accepté',
    );

    await resetPasswords({ schoolId: school.id, agentId: agent.id, rows });
    expect(await readGuardianSession(token)).toBeNull();
    const after = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.letterValidUntil!.getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);
  });
});

describe('ce qu’une connexion réussie enregistre', () => {
  it('dernier accès, événement d’audit, échecs effacés, nouvelle session et l’ancienne fermée', async () => {
    const school = await createSchool();
    const f = await activeFamily(school, { child: 'Nina', last: 'ROUSSEL', guardian: 'Paul', password: 'jardin2024' });
    const { id, identifiant } = f.accounts[0];
    const ip = newIp();
    const before = new Date();
    await refusal(signInGuardian({ identifiant, password: 'mauvais2024', ip }));
    expect(await db.rateLimit.count({ where: { key: { endsWith: `:${identifiant}` } } })).toBe(1);
    const held = await openGuardianSession({ accountId: id, stage: 'SIGNED_IN' });

    const outcome = await signInGuardian({
      identifiant: identifiant.toUpperCase(),
      password: 'jardin2024',
      ip,
      replacing: held,
    });
    expect(outcome).toMatchObject({ kind: 'session', stage: 'SIGNED_IN' });
    const token = outcome.kind === 'session' ? outcome.token : '';
    expect(token).not.toBe(held);
    expect(await readGuardianSession(token)).toMatchObject({ accountId: id, identifiant, stage: 'SIGNED_IN' });
    expect(await readGuardianSession(held)).toBeNull();
    const after = await db.account.findUniqueOrThrow({ where: { id } });
    expect(after.lastLoginAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(
      await db.auditEvent.count({ where: { accountId: id, action: 'portail.connexion', actorType: 'GUARDIAN' } }),
    ).toBe(1);
    expect(await db.rateLimit.count({ where: { key: { endsWith: `:${identifiant}` } } })).toBe(0);
  });
});

describe('paramètres d’argon2id', () => {
  it('un mot de passe haché avec d’autres paramètres l’est de nouveau à la connexion suivante', async () => {
    const school = await createSchool();
    const f = await activeFamily(school, { child: 'Hugo', last: 'LEMAIRE', guardian: 'Inès', password: 'ancien2024' });
    const { hash } = await import('@node-rs/argon2');
    const older = await hash('ancien2024', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    await db.account.update({ where: { id: f.accounts[0].id }, data: { passwordHash: older } });
    const identifiant = f.accounts[0].identifiant;

    const outcome = await signInGuardian({ identifiant, password: 'ancien2024', ip: newIp() });
    expect(outcome).toMatchObject({ kind: 'session', stage: 'SIGNED_IN' });
    const { passwordHash } = await db.account.findUniqueOrThrow({ where: { id: f.accounts[0].id } });
    const { memoryCost: m, timeCost: t, parallelism: p } = ARGON2_PARAMS;
    expect(passwordHash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${m},t=${t},p=${p}\\$`));
    expect(await verifyPassword(passwordHash!, 'ancien2024')).toBe(true);
    expect(await signInGuardian({ identifiant, password: 'ancien2024', ip: newIp() })).toMatchObject({
      kind: 'session',
    });
    // A wrong password rewrites nothing.
    await refusal(signInGuardian({ identifiant, password: 'mauvais2024', ip: newIp() }));
    expect((await db.account.findUniqueOrThrow({ where: { id: f.accounts[0].id } })).passwordHash).toBe(passwordHash);
  });
});

describe('création du compte par SMS, puis regroupement (§1.2, §1.3.4)', () => {
  it('code, dates de naissance, mot de passe : « Activé », origine Responsable, l’autre fusionné', async () => {
    const school = await createSchool();
    const mobile = '+33611223344';
    const first = await letterFamily(school, { mobile, first: 'Léa' });
    const second = (
      await createFamily(school, {
        first: 'Tom',
        last: 'GARNIER',
        classLabel: 'CE1',
        level: 'CE1',
        birthDate: '2016-11-30',
        guardians: [{ first: 'Anne', state: 'NON_NOTIFIE', mobile }],
      })
    ).accounts[0];
    const ip = newIp();
    const { token } = await startIdentityPath('SIGNUP', { step: 'mobile' });
    await submitIdentity({
      token,
      purpose: 'SIGNUP',
      mobile,
      names: { lastName: 'Garnier', firstName: 'anne-marie' },
      ip,
    });
    const sms = await db.outboundMessage.findFirstOrThrow({
      where: { recipient: mobile, template: 'code-sms' },
      orderBy: { id: 'desc' },
    });
    const code = /\d{6}/.exec(openBody(sms.text))![0];
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await refusal(submitIdentityCode({ token, purpose: 'SIGNUP', code: wrong }))).toBe('SMS_CODE_INVALID');
    await submitIdentityCode({ token, purpose: 'SIGNUP', code });

    const children = await db.pupil.findMany({
      where: { guardians: { some: { guardian: { accountId: { in: [first.id, second.id] } } } } },
      select: { id: true, birthDate: true },
    });
    const dates = Object.fromEntries(children.map((c) => [String(c.id), c.birthDate!.toISOString().slice(0, 10)]));
    const wrongDates = Object.fromEntries(Object.keys(dates).map((k) => [k, '2000-01-01']));
    expect(await refusal(confirmIdentityChildren({ token, purpose: 'SIGNUP', birthDates: wrongDates }))).toBe(
      'CHILDREN_NOT_CONFIRMED',
    );
    expect(await confirmIdentityChildren({ token, purpose: 'SIGNUP', birthDates: dates })).toEqual({ accounts: 2 });
    const done = await finishIdentityPath({ token, purpose: 'SIGNUP', password: 'jardin2024', group: true });
    expect(done.identifiants).toEqual([first.identifiant]);

    const [survivor, absorbed] = await Promise.all([
      db.account.findUniqueOrThrow({ where: { id: first.id } }),
      db.account.findUniqueOrThrow({ where: { id: second.id } }),
    ]);
    expect(survivor).toMatchObject({ state: 'ACTIVE', origin: 'RESPONSABLE', mobile, provisionalPasswordEnc: null });
    expect(absorbed).toMatchObject({ mergedIntoId: first.id });
    expect(absorbed.deletedAt).not.toBeNull();
    expect(await db.guardian.count({ where: { accountId: second.id } })).toBe(0);
    // The director sees both children under the surviving identifiant only.
    const ours = await db.$queryRaw<{ identifiant: string }[]>`
      select identifiant from director_scope where school_id = ${school.id}`;
    expect(ours.map((r) => r.identifiant)).toEqual([first.identifiant, first.identifiant]);
    // The scope's stored rows followed the guardians' new account (PostgreSQL's triggers).
    const check = await directorRowsOutOfStep((sql) => db.$queryRawUnsafe(sql));
    expect(check).toMatchObject({ missing: [], extra: [] });
    expect(check.rows).toBeGreaterThan(1);
    // The path is over: its token opens nothing any more.
    expect(await refusal(finishIdentityPath({ token, purpose: 'SIGNUP', password: 'x', group: true }))).toBe(
      'FLOW_EXPIRED',
    );
  });

  it('un code faux 5 fois épuise le code ; une personne inconnue ne reçoit rien', async () => {
    const ip = newIp();
    const mobile = '+33699887766';
    const { token } = await startIdentityPath('SIGNUP', { step: 'mobile' });
    await submitIdentity({ token, purpose: 'SIGNUP', mobile, names: { lastName: 'Nul', firstName: 'Personne' }, ip });
    expect(await db.outboundMessage.count({ where: { recipient: mobile } })).toBe(0);
    expect(await refusal(submitIdentityCode({ token, purpose: 'SIGNUP', code: '123456' }))).toBe('SMS_CODE_INVALID');
  });
});

describe('liens envoyés par courriel', () => {
  it('un lien ne sert qu’à ce pour quoi il a été envoyé, une seule fois', async () => {
    const school = await createSchool();
    const f = await createFamily(school, {
      first: 'Zoé',
      last: 'FAURE',
      classLabel: 'CM1',
      level: 'CM1',
      guardians: [{ first: 'Luc', state: 'ACTIVE', chosen: true, email: 'luc@exemple.fr' }],
    });
    const accountId = f.accounts[0].id;
    const { token } = await db.$transaction((tx) =>
      issueEmailToken(tx, { accountId, email: 'luc@exemple.fr', purpose: 'PASSWORD_RESET' }),
    );
    expect(await refusal(activateAccount({ token }))).toBe('ACTIVATION_LINK_INVALID');
    expect(await passwordLinkUsable(token)).toBe(true);
    const session = await openGuardianSession({ accountId, stage: 'SIGNED_IN' });
    await resetPasswordWithLink({ token, password: 'nouveau2025' });
    expect(await readGuardianSession(session)).toBeNull();
    expect(await passwordLinkUsable(token)).toBe(false);
    expect(await refusal(resetPasswordWithLink({ token, password: 'encore2025' }))).toBe('EMAIL_LINK_INVALID');
  });
});

describe('échéance des messages', () => {
  it('chaque lien part avec l’échéance du lien : un courriel retenu au-delà ne partira pas', async () => {
    const school = await createSchool();
    const f = await createFamily(school, {
      first: 'Inès',
      last: 'ROCHE',
      classLabel: 'CP',
      level: 'CP',
      guardians: [
        { first: 'Ana', state: 'ACTIVE', password: 'soleil2024', email: 'ana@exemple.fr' },
        { first: 'Paul', state: 'NOTIFIE_NON_ACTIVE', email: 'paul@exemple.fr' },
      ],
    });
    const [ana, paul] = f.accounts;
    await requestPasswordReset({ identifiant: ana.identifiant, ip: '192.0.2.90' });
    await requestEmailChange({ accountId: ana.id, email: 'ana.nouvelle@exemple.fr' });
    await db.$transaction((tx) =>
      sendActivationLink(tx, { accountId: paul.id, identifiant: paul.identifiant, email: 'paul@exemple.fr' }),
    );
    const tokens = await db.activationToken.findMany({ where: { accountId: { in: [ana.id, paul.id] } } });
    const messages = await db.outboundMessage.findMany({ where: { accountId: { in: [ana.id, paul.id] } } });
    const sendBefore = (template: string) => messages.find((m) => m.template === template)?.sendBefore;
    const expiry = (purpose: string) => tokens.find((t) => t.purpose === purpose)?.expiresAt;
    expect(sendBefore('mot-de-passe-oublie')).toEqual(expiry('PASSWORD_RESET'));
    expect(sendBefore('nouvelle-adresse')).toEqual(expiry('EMAIL_CHANGE'));
    expect(sendBefore('C07')).toEqual(expiry('ACTIVATION'));
    expect(expiry('ACTIVATION')!.getTime() - expiry('PASSWORD_RESET')!.getTime()).toBeGreaterThan(5 * 86_400_000);
  });
});

describe('purge du portail', () => {
  it('efface ce qui a expiré et garde les blocages', async () => {
    const school = await createSchool();
    const account = await letterFamily(school);
    const stale = await openGuardianSession({ accountId: account.id, stage: 'SIGNED_IN' });
    await db.guardianSession.updateMany({ data: { seenAt: new Date(Date.now() - 31 * 60_000) } });
    const live = await openGuardianSession({ accountId: account.id, stage: 'SIGNED_IN' });
    await db.rateLimit.createMany({
      data: [
        { key: 'echec-identifiant:bloque.test', points: 10, expire: null },
        { key: 'echec-ip:198.51.100.1', points: 3, expire: new Date(Date.now() - 1000) },
      ],
    });
    const n = await purgePortalState();
    expect(n.counters).toBeGreaterThanOrEqual(1);
    expect(await readGuardianSession(stale)).toBeNull();
    expect(await readGuardianSession(live)).not.toBeNull();
    expect(await db.rateLimit.count({ where: { key: 'echec-identifiant:bloque.test' } })).toBe(1);
    expect(await db.rateLimit.count({ where: { key: 'echec-ip:198.51.100.1' } })).toBe(0);
  });
});

describe('mot de passe oublié par SMS', () => {
  it('un code au portable confirmé ; pour un identifiant inconnu, le même parcours sans code', async () => {
    const school = await createSchool();
    const mobile = '+33655443322';
    const f = await createFamily(school, {
      first: 'Nina',
      last: 'BLANC',
      classLabel: 'CP',
      level: 'CP',
      guardians: [{ first: 'Marc', state: 'ACTIVE', password: 'ancien2024' }],
    });
    const accountId = f.accounts[0].id;
    await db.account.update({ where: { id: accountId }, data: { mobile } });
    const session = await openGuardianSession({ accountId, stage: 'SIGNED_IN' });
    const ip = newIp();
    const unknown = await requestPasswordCode({ identifiant: 'personne.inconnue', ip });
    expect(await refusal(resetPasswordWithCode({ token: unknown.token, code: '123456', password: 'neuf2025a' }))).toBe(
      'SMS_CODE_INVALID',
    );
    const { token } = await requestPasswordCode({ identifiant: f.accounts[0].identifiant.toUpperCase(), ip });
    const sms = await db.outboundMessage.findFirstOrThrow({ where: { recipient: mobile }, orderBy: { id: 'desc' } });
    const code = /\d{6}/.exec(openBody(sms.text))![0];
    await resetPasswordWithCode({ token, code, password: 'neuf2025a' });
    expect(await readGuardianSession(session)).toBeNull();
    expect(await signInGuardian({ identifiant: f.accounts[0].identifiant, password: 'neuf2025a', ip })).toMatchObject({
      kind: 'session',
      stage: 'SIGNED_IN',
    });
    expect(await refusal(resetPasswordWithCode({ token, code, password: 'autre2025a' }))).toBe('FLOW_EXPIRED');
  });
});

describe('les SMS qui redonnent un identifiant', () => {
  /** The last SMS of `template` to `mobile`, opened; in the GSM alphabet and one segment. */
  async function lastSms(mobile: string, template: string): Promise<string> {
    const sms = await db.outboundMessage.findFirstOrThrow({
      where: { recipient: mobile, template },
      orderBy: { id: 'desc' },
    });
    const text = openBody(sms.text);
    expect(outsideGsm7(text)).toEqual([]);
    expect(smsSegments(text).segments).toBe(1);
    return text;
  }

  it('une création par SMS pour un compte déjà activé, puis « Identifiant oublié ? » au portable', async () => {
    const school = await createSchool();
    const mobile = '+33644556677';
    const f = await createFamily(school, {
      first: 'Hugo',
      last: 'PERRIN',
      classLabel: 'CM1',
      level: 'CM1',
      guardians: [{ first: 'Claire', state: 'ACTIVE', password: 'ancien2024', mobile }],
    });
    const { identifiant } = f.accounts[0];
    const { token } = await startIdentityPath('SIGNUP', { step: 'mobile' });
    await submitIdentity({
      token,
      purpose: 'SIGNUP',
      mobile,
      names: { lastName: 'Perrin', firstName: 'Claire' },
      ip: newIp(),
    });
    expect(await db.outboundMessage.count({ where: { recipient: mobile, template: 'code-sms' } })).toBe(0);
    expect(await lastSms(mobile, 'rappel-identifiant-sms')).toBe(
      `EduConnect : vous avez déjà un compte activé, identifiant ${identifiant}. ` +
        'Mot de passe perdu : "Mot de passe oublié ?" sur la page de connexion.',
    );

    await db.account.update({ where: { id: f.accounts[0].id }, data: { mobile } });
    await remindIdentifiants({ contact: '06 44 55 66 77', ip: newIp() });
    expect(await lastSms(mobile, 'identifiant-oublie-sms')).toBe(`EduConnect : votre identifiant est ${identifiant}.`);
  });
});
