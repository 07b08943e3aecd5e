/**
 * The purge of never-activated accounts (issue « Hardening », item 6; docs/DECISIONS.md): which
 * accounts go, what goes with them, what stays, and the operator's dry run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { purgeAccounts } from '@/lib/accounts/purge-accounts';
import { issueEmailToken } from '@/lib/accounts/activation-token';
import { openGuardianSession } from '@/lib/auth/guardian-sessions';
import { db } from '@/lib/db';
import { createFamily, createSchool, withDb } from '@/tests/support/factories';
import { directorRowsOutOfStep } from '@/tests/support/director-rows';
import { TS_ENTRY_NODE_ARGS } from '@/lib/config/service-env';

const root = path.resolve(__dirname, '../..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [...TS_ENTRY_NODE_ARGS, 'workers/cli.ts', ...args], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
    timeout: 60_000,
  });

/** One family whose guardian left the directory `monthsAgo` months ago (never, when null). */
async function family(
  school: { id: number },
  name: string,
  state: 'NON_NOTIFIE' | 'NOTIFIE_NON_ACTIVE' | 'EN_COURS_ACTIVATION' | 'ACTIVE',
  monthsAgo: number | null,
) {
  const f = await createFamily(school, {
    first: 'Enfant',
    last: name,
    classLabel: 'CP',
    level: 'CP',
    guardians: [{ first: 'Parent', state, email: `${name.toLowerCase()}@exemple.fr` }],
  });
  if (monthsAgo !== null) {
    await withDb((c) =>
      c.query(`update guardian set detached_at = now() - make_interval(months => $2) where account_id = $1`, [
        f.accounts[0].id,
        monthsAgo,
      ]),
    );
  }
  return f.accounts[0];
}

describe('purge des comptes jamais activés', () => {
  it('liste sans rien toucher (--dry-run), puis supprime en une fois ce qui doit l’être, rien de plus', async () => {
    const school = await createSchool('E.E.PU-PURGE');
    const gone = await family(school, 'PARTI', 'NOTIFIE_NON_ACTIVE', 13);
    const goneToo = await family(school, 'PARTIAUSSI', 'NON_NOTIFIE', 24);
    const active = await family(school, 'ACTIF', 'ACTIVE', 13);
    const recent = await family(school, 'RECENT', 'NOTIFIE_NON_ACTIVE', 6);
    const present = await family(school, 'PRESENT', 'NOTIFIE_NON_ACTIVE', null);
    // A second guardian of the account still in the directory keeps it.
    const shared = await family(school, 'PARTAGE', 'NOTIFIE_NON_ACTIVE', 13);
    await withDb((c) =>
      c.query(
        `insert into guardian (aaf_id, last_name, first_name, account_id) values ('GPARTAGE2', 'PARTAGE', 'B', $1)`,
        [shared.id],
      ),
    );
    // What only the purged account holds: a token, a session, a message, a letter batch's PDF, audit events.
    await db.$transaction((tx) => issueEmailToken(tx, { accountId: gone.id, email: 'parti@exemple.fr' }));
    await openGuardianSession({ accountId: gone.id, stage: 'MUST_ACTIVATE' });
    await db.outboundMessage.create({
      data: {
        channel: 'EMAIL',
        recipient: 'parti@exemple.fr',
        template: 'C02',
        text: 'mot de passe',
        accountId: gone.id,
      },
    });
    const batch = await db.notificationBatch.create({
      data: {
        schoolId: school.id,
        channel: 'PAPER',
        reset: false,
        total: 2,
        status: 'DONE',
        expiresAt: new Date(Date.now() + 86_400_000),
        pdf: new Uint8Array([37, 80, 68, 70]),
        items: {
          create: [
            { position: 0, accountId: gone.id },
            { position: 1, accountId: present.id },
          ],
        },
      },
    });
    await db.auditEvent.create({
      data: { actorType: 'AGENT', actorId: '1', action: 'compte.consulte', accountId: gone.id },
    });

    const dry = cli('purge', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(
      new RegExp(`^${gone.identifiant}\\tnotifié et non activé\\tannuaire quitté le \\d{2}-\\d{2}-\\d{4}$`, 'm'),
    );
    expect(dry.stdout).toContain(`${goneToo.identifiant}\tnon notifié`);
    expect(dry.stdout).toContain(
      'À supprimer (annuaire quitté depuis plus de 12 mois) : 2 compte(s), 1 jeton(s), 1 message(s), 1 session(s), ' +
        '1 lot(s) de courriers PDF ; 1 événement(s) du journal détaché(s) ; fiches de l’annuaire : 0 élève(s), ' +
        '2 responsable(s), 0 classe(s) ; de plus de 12 mois : 0 événement(s) du journal, 0 message(s) envoyé(s), ' +
        '0 lot(s) de notification, 0 import(s) de l’annuaire ; 0 directeur(s) parti(s) ' +
        '— rien n’a été supprimé (--dry-run).',
    );
    expect(await db.account.count({ where: { id: { in: [gone.id, goneToo.id] } } })).toBe(2);

    const report = await purgeAccounts({ dryRun: false });
    expect(report.accounts.map((a) => a.identifiant).sort()).toEqual([gone.identifiant, goneToo.identifiant].sort());
    expect(report.counts).toEqual({
      comptes: 2,
      jetons: 1,
      messages: 1,
      sessions: 1,
      courriersPdf: 1,
      evenementsAnonymises: 1,
      eleves: 0,
      fichesResponsables: 2,
      classes: 0,
      evenementsSupprimes: 0,
      messagesSupprimes: 0,
      importsSupprimes: 0,
      lotsSupprimes: 0,
      directeurs: 0,
    });
    const left = await db.account.findMany({
      where: { identifiant: { in: [gone, goneToo, active, recent, present, shared].map((a) => a.identifiant) } },
    });
    expect(left.map((a) => a.id).sort()).toEqual([active.id, recent.id, present.id, shared.id].sort());
    expect(await db.activationToken.count({ where: { accountId: gone.id } })).toBe(0);
    expect(await db.guardianSession.count({ where: { accountId: gone.id } })).toBe(0);
    expect((await db.notificationBatch.findUniqueOrThrow({ where: { id: batch.id } })).pdf).toBeNull();
    // Their directory records go with them (purge-directory.test.ts); the children's stay (still in the
    // directory); the audit trail stays, detached; the purge is recorded.
    const guardians = await withDb((c) =>
      c.query(`select last_name from guardian where last_name in ('PARTI', 'PARTIAUSSI', 'ACTIF', 'RECENT')`),
    );
    expect(guardians.rows.map((g) => g.last_name).sort()).toEqual(['ACTIF', 'RECENT']);
    expect(await db.pupil.count({ where: { lastName: { in: ['PARTI', 'PARTIAUSSI'] } } })).toBe(2);
    const check = await directorRowsOutOfStep((sql) => db.$queryRawUnsafe(sql));
    expect(check).toMatchObject({ missing: [], extra: [] });
    expect(check.rows).toBeGreaterThan(0);
    expect(await db.auditEvent.count({ where: { action: 'compte.consulte', accountId: null, actorId: '1' } })).toBe(1);
    const recorded = await db.auditEvent.findFirstOrThrow({ where: { action: 'purge.comptes' } });
    expect(recorded.details).toMatchObject({ mois: 12, comptes: 2 });
    // The identifiant is never given again (its counter is kept).
    expect(await withDb((c) => c.query(`select count(*)::int as n from identifiant_counter`))).toBeTruthy();

    expect((await purgeAccounts({ dryRun: false })).counts.comptes).toBe(0);
    expect((await purgeAccounts({ dryRun: true, months: 5 })).accounts.map((a) => a.identifiant)).toEqual([
      recent.identifiant,
    ]);
    expect(cli('purge', '--mois', '0').status).toBe(2);
  });
});
