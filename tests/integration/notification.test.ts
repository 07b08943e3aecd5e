/**
 * (Re)notification (guide §5.3, §5.5, annexe A1.1; DESIGN.md §5): the letter chosen for each
 * state × channel × reset, the state after, the passwords, the warning, the e-mails queued, and
 * one letter per account whatever the number of its rows selected.
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { notifyAccounts } from '@/lib/accounts/notify-accounts';
import { resetPasswords } from '@/lib/accounts/reset-passwords';
import { decryptSecret, openBytes } from '@/lib/accounts/secrets';
import { db } from '@/lib/db';
import { createFamily, createSchool } from '@/tests/support/factories';
import { openBodies } from '@/lib/messaging/message-body';

type State = 'NON_NOTIFIE' | 'NOTIFIE_NON_ACTIVE' | 'EN_COURS_ACTIVATION' | 'ACTIVE';

async function familyIn(school: { id: number }, state: State, opts: { pendingProvisional?: boolean } = {}) {
  const chosen = state === 'EN_COURS_ACTIVATION' || state === 'ACTIVE';
  const f = await createFamily(school, {
    first: 'Léa',
    last: 'DUPONT',
    classLabel: 'CP A',
    level: 'CP',
    guardians: [
      {
        first: 'Jean',
        state,
        email: 'jean@exemple.fr',
        provisional: state === 'NOTIFIE_NON_ACTIVE' || opts.pendingProvisional ? 'ANC1EN2P' : undefined,
        chosen: chosen && !opts.pendingProvisional,
      },
    ],
  });
  return { row: { pupilId: f.pupilId, accountId: f.accounts[0].id }, accountId: f.accounts[0].id };
}

const account = (id: number) => db.account.findUniqueOrThrow({ where: { id } });
const letterOf = async (batchId: number) => (await db.notificationItem.findFirstOrThrow({ where: { batchId } })).letter;

describe('table A1.1 : courrier, état après, mot de passe, avertissement', () => {
  const cases: [State, 'PAPER' | 'EMAIL', boolean, string, State][] = [
    ['NON_NOTIFIE', 'PAPER', false, 'C01', 'NOTIFIE_NON_ACTIVE'],
    ['NON_NOTIFIE', 'EMAIL', false, 'C02', 'NOTIFIE_NON_ACTIVE'],
    ['NON_NOTIFIE', 'PAPER', true, 'C01', 'NOTIFIE_NON_ACTIVE'],
    ['NON_NOTIFIE', 'EMAIL', true, 'C02', 'NOTIFIE_NON_ACTIVE'],
    ['NOTIFIE_NON_ACTIVE', 'PAPER', false, 'C01', 'NOTIFIE_NON_ACTIVE'],
    ['NOTIFIE_NON_ACTIVE', 'EMAIL', false, 'C02', 'NOTIFIE_NON_ACTIVE'],
    ['NOTIFIE_NON_ACTIVE', 'PAPER', true, 'C01', 'NOTIFIE_NON_ACTIVE'],
    ['NOTIFIE_NON_ACTIVE', 'EMAIL', true, 'C02', 'NOTIFIE_NON_ACTIVE'],
    ['EN_COURS_ACTIVATION', 'PAPER', false, 'C03', 'EN_COURS_ACTIVATION'],
    ['EN_COURS_ACTIVATION', 'EMAIL', false, 'C04', 'EN_COURS_ACTIVATION'],
    ['EN_COURS_ACTIVATION', 'PAPER', true, 'C05', 'EN_COURS_ACTIVATION'],
    ['EN_COURS_ACTIVATION', 'EMAIL', true, 'C06', 'EN_COURS_ACTIVATION'],
    ['ACTIVE', 'PAPER', false, 'C03', 'ACTIVE'],
    ['ACTIVE', 'EMAIL', false, 'C04', 'ACTIVE'],
    ['ACTIVE', 'PAPER', true, 'C05', 'ACTIVE'],
    ['ACTIVE', 'EMAIL', true, 'C06', 'ACTIVE'],
  ];
  for (const [state, channel, reset, letter, after] of cases) {
    it(
      `${state} · ${channel === 'PAPER' ? 'feuille' : 'courriel'} · ${reset ? 'avec' : 'sans'} ` +
        `réinitialisation → ${letter}`,
      async () => {
        const school = await createSchool();
        const { row, accountId } = await familyIn(school, state);
        const before = await account(accountId);
        const started = Date.now();
        const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows: [row], channel, reset });
        expect(r).toMatchObject({
          total: 1,
          pending: false,
          withoutEmail: [],
          notReset: reset && state === 'NON_NOTIFIE' ? 1 : 0,
        });
        expect(await letterOf(r.batchId!)).toBe(letter);
        const a = await account(accountId);
        expect(a.state).toBe(after);
        expect(a.origin).toBe(state === 'NON_NOTIFIE' ? 'ETABLISSEMENT' : before.origin);
        expect(a.distributedAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
        const months = (a.letterValidUntil!.getTime() - a.distributedAt!.getTime()) / 86_400_000;
        expect(months).toBeGreaterThan(89);
        expect(months).toBeLessThan(93);
        if (state === 'NON_NOTIFIE' || state === 'NOTIFIE_NON_ACTIVE') {
          expect(a.provisionalPasswordEnc).not.toBeNull();
          // A « Notifié et non activé » account keeps its password unless reset.
          if (state === 'NOTIFIE_NON_ACTIVE' && !reset)
            expect(decryptSecret(a.provisionalPasswordEnc!)).toBe('ANC1EN2P');
          if (state === 'NOTIFIE_NON_ACTIVE' && reset)
            expect(decryptSecret(a.provisionalPasswordEnc!)).not.toBe('ANC1EN2P');
        } else if (reset) {
          expect(a.passwordHash).toBeNull();
          expect(a.provisionalPasswordEnc).not.toBeNull();
        } else {
          expect(a.passwordHash).toBe(before.passwordHash);
          expect(a.provisionalPasswordEnc).toBeNull();
        }
        const stored = await db.outboundMessage.findMany({ where: { accountId } });
        const messages = stored.map(openBodies);
        if (channel === 'EMAIL') {
          expect(messages.map((m) => m.template)).toEqual([letter]);
          expect(messages[0].recipient).toBe('jean@exemple.fr');
          const password = a.provisionalPasswordEnc ? decryptSecret(a.provisionalPasswordEnc) : null;
          // Stored sealed: neither the table nor its backups hold the letter's words in clear.
          for (const body of [stored[0].text, stored[0].html!]) {
            expect(body).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
            expect(body).not.toContain('Mot de passe');
            if (password) expect(body).not.toContain(password);
          }
          if (letter === 'C04') expect(messages[0].text).toContain('Votre mot de passe est inchangé.');
          else expect(messages[0].text).toContain(`Mot de passe * : ${password}`);
        } else {
          expect(messages).toEqual([]);
          const batch = await db.notificationBatch.findUniqueOrThrow({ where: { id: r.batchId! } });
          expect(batch.status).toBe('DONE');
          expect(batch.pdf?.length).toBeGreaterThan(1000);
          // Stored sealed: a PDF in clear starts with « %PDF- ».
          expect(Buffer.from(batch.pdf!.subarray(0, 4)).toString('latin1')).toBe('ECS1');
          expect(openBytes(batch.pdf!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        }
        const audit = await db.auditEvent.findMany({ where: { accountId, action: 'compte.notifie' } });
        expect(audit).toHaveLength(1);
      },
    );
  }

  for (const [state, channel, letter] of [
    ['EN_COURS_ACTIVATION', 'PAPER', 'C05'],
    ['EN_COURS_ACTIVATION', 'EMAIL', 'C06'],
    ['ACTIVE', 'PAPER', 'C05'],
    ['ACTIVE', 'EMAIL', 'C06'],
  ] as const) {
    it(
      `${state} dont le mot de passe réinitialisé n'a pas été changé · sans réinitialisation → ${letter} ` +
        `(DESIGN §5)`,
      async () => {
        const school = await createSchool();
        const { row, accountId } = await familyIn(school, state, { pendingProvisional: true });
        const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows: [row], channel, reset: false });
        expect(await letterOf(r.batchId!)).toBe(letter);
        // The letter carries that very password, unchanged.
        expect(decryptSecret((await account(accountId)).provisionalPasswordEnc!)).toBe('ANC1EN2P');
        if (channel === 'EMAIL') {
          const [m] = (await db.outboundMessage.findMany({ where: { accountId } })).map(openBodies);
          expect(m.text).toContain('Mot de passe * : ANC1EN2P');
          expect(m.text).not.toContain('inchangé');
        }
      },
    );
  }
});

describe('notification en masse', () => {
  it('un compte choisi par deux enfants reçoit un seul courrier, qui les nomme tous deux', async () => {
    const school = await createSchool('E.E.PU-CHARLEMAGNE');
    const first = await createFamily(school, {
      first: 'Léa',
      last: 'DUPONT',
      classLabel: 'CP A',
      level: 'CP',
      guardians: [{ first: 'Jean', state: 'NON_NOTIFIE' }],
    });
    const second = await createFamily(school, {
      first: 'Enzo',
      last: 'DUPONT',
      classLabel: 'CE1',
      level: 'CE1',
      guardians: [{ first: 'Jean', state: 'NON_NOTIFIE', accountId: first.accounts[0].id }],
    });
    const accountId = first.accounts[0].id;
    const r = await notifyAccounts({
      schoolId: school.id,
      agentId: 1,
      rows: [
        { pupilId: second.pupilId, accountId },
        { pupilId: first.pupilId, accountId },
      ],
      channel: 'PAPER',
      reset: false,
    });
    expect(r.total).toBe(1);
    const batch = await db.notificationBatch.findUniqueOrThrow({ where: { id: r.batchId! } });
    const pdf = await getDocumentProxy(new Uint8Array(openBytes(batch.pdf!)));
    expect(pdf.numPages).toBe(1);
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain("A l'attention de Jean DUPONT.");
    expect(text).toContain('- Enzo DUPONT');
    expect(text).toContain('- Léa DUPONT :');
    const password = decryptSecret((await account(accountId)).provisionalPasswordEnc!);
    expect(text).toContain(`Mot de passe * : ${password}`);
  });

  it('par courriel : les comptes sans adresse ne sont pas notifiés, et sont nommés', async () => {
    const school = await createSchool();
    const withMail = await createFamily(school, {
      first: 'Ana',
      last: 'AVEC',
      classLabel: 'CP A',
      level: 'CP',
      guardians: [{ first: 'Paul', state: 'NON_NOTIFIE', email: 'paul@exemple.fr' }],
    });
    const without = await createFamily(school, {
      first: 'Bob',
      last: 'HAFIR',
      classLabel: 'CP A',
      level: 'CP',
      guardians: [{ first: 'Ghislain', state: 'NON_NOTIFIE' }],
    });
    const rows = [withMail, without].map((f) => ({ pupilId: f.pupilId, accountId: f.accounts[0].id }));
    const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    expect(r).toMatchObject({ total: 1, withoutEmail: ['HAFIR Ghislain'] });
    expect((await account(without.accounts[0].id)).state).toBe('NON_NOTIFIE');
    expect((await account(withMail.accounts[0].id)).state).toBe('NOTIFIE_NON_ACTIVE');
  });

  it('par courriel : une adresse qui a refusé le dernier courriel n’en reçoit plus, jusqu’à correction', async () => {
    const school = await createSchool();
    const bounced = await createFamily(school, {
      first: 'Ana',
      last: 'REBOND',
      classLabel: 'CP A',
      level: 'CP',
      guardians: [{ first: 'Marc', state: 'NOTIFIE_NON_ACTIVE', email: 'marc@gmial.com' }],
    });
    const fine = await createFamily(school, {
      first: 'Bob',
      last: 'BIEN',
      classLabel: 'CP A',
      level: 'CP',
      guardians: [{ first: 'Zoé', state: 'NON_NOTIFIE', email: 'zoe@exemple.fr' }],
    });
    const accountId = bounced.accounts[0].id;
    // The first C02 went, then the parent's server refused it (the relay's report or Resend's webhook).
    const rows = [bounced, fine].map((f) => ({ pupilId: f.pupilId, accountId: f.accounts[0].id }));
    await notifyAccounts({ schoolId: school.id, agentId: 1, rows: [rows[0]], channel: 'EMAIL', reset: false });
    await db.outboundMessage.updateMany({ where: { accountId }, data: { status: 'REFUSED' } });

    const r = await notifyAccounts({ schoolId: school.id, agentId: 1, rows, channel: 'EMAIL', reset: false });
    expect(r).toMatchObject({ total: 1, withoutEmail: [], addressRefused: ['REBOND Marc'] });
    expect(await db.outboundMessage.count({ where: { accountId } })).toBe(1);
    // On paper, nothing changes; and once ONDE's address is corrected (the next import), e-mail again.
    const paper = await notifyAccounts({
      schoolId: school.id,
      agentId: 1,
      rows: [rows[0]],
      channel: 'PAPER',
      reset: false,
    });
    expect(paper).toMatchObject({ total: 1, addressRefused: [] });
    // (The factory put the address on the account; a notified account's address is the directory's.)
    await db.account.update({ where: { id: accountId }, data: { email: null } });
    await db.guardian.updateMany({ where: { accountId }, data: { email: 'marc@gmail.com' } });
    const fixed = await notifyAccounts({
      schoolId: school.id,
      agentId: 1,
      rows: [rows[0]],
      channel: 'EMAIL',
      reset: false,
    });
    expect(fixed).toMatchObject({ total: 1, addressRefused: [] });
    const last = await db.outboundMessage.findFirstOrThrow({ where: { accountId }, orderBy: { id: 'desc' } });
    expect(last.recipient).toBe('marc@gmail.com');
  });

  it('une ligne d’une autre école est ignorée', async () => {
    const mine = await createSchool();
    const theirs = await createSchool();
    const f = await createFamily(theirs, {
      first: 'X',
      last: 'AILLEURS',
      classLabel: 'CP',
      level: 'CP',
      guardians: [{ first: 'Y', state: 'NON_NOTIFIE', email: 'y@exemple.fr' }],
    });
    const r = await notifyAccounts({
      schoolId: mine.id,
      agentId: 1,
      rows: [{ pupilId: f.pupilId, accountId: f.accounts[0].id }],
      channel: 'EMAIL',
      reset: true,
    });
    expect(r.batchId).toBeNull();
    expect((await account(f.accounts[0].id)).state).toBe('NON_NOTIFIE');
  });
});

describe('réinitialisation (§5.5)', () => {
  it(
    'nouveau mot de passe provisoire, l’ancien ne vaut plus rien, état inchangé ; « Non notifié » ' + 'laissé',
    async () => {
      const school = await createSchool();
      const active = await familyIn(school, 'ACTIVE');
      const notified = await familyIn(school, 'NOTIFIE_NON_ACTIVE');
      const fresh = await familyIn(school, 'NON_NOTIFIE');
      const r = await resetPasswords({ schoolId: school.id, agentId: 1, rows: [active.row, notified.row, fresh.row] });
      expect(r).toEqual({ reset: 2, notReset: 1 });
      const a = await account(active.accountId);
      expect(a.state).toBe('ACTIVE');
      expect(a.passwordHash).toBeNull();
      expect(a.provisionalPasswordEnc).not.toBeNull();
      expect(decryptSecret((await account(notified.accountId)).provisionalPasswordEnc!)).not.toBe('ANC1EN2P');
      const f = await account(fresh.accountId);
      expect([f.state, f.provisionalPasswordEnc]).toEqual(['NON_NOTIFIE', null]);
    },
  );
});
