/**
 * The purge of the directory's departed records (docs/DECISIONS.md « Purge of the directory's
 * departed records »): pupils, guardians left without an account and empty classes gone from the
 * directory for more than ACCOUNT_PURGE_MONTHS are deleted; an activated account keeps its guardian
 * record and finds its child again when the child comes back; a never-activated one is purged and
 * its returning guardian gets a new account. The audit trail, the messages sent, the notification
 * batches and the imports' history are kept AUDIT_RETENTION_MONTHS; a departed director goes once no
 * kept trace names them.
 */
import { describe, expect, it } from 'vitest';
import { purgeAccounts } from '@/lib/accounts/purge-accounts';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { director, guardian, pupil, school, writeExport, type FixtureExport } from '@/tests/support/aaf-fixture';
import { directorRowsOutOfStep } from '@/tests/support/director-rows';
import { withDb } from '@/tests/support/factories';
import { db } from '@/lib/db';

const A = '0310000G';

/** Six families in two classes; the Moreau family (class C2 alone) and the Blanc family may leave. */
function directory({ without = [] as string[] } = {}): FixtureExport {
  const families = [
    ['BLANC', 'C1'],
    ['NOIR', 'C1'],
    ['VERT', 'C1'],
    ['ROUGE', 'C1'],
    ['GRIS', 'C1'],
    ['MOREAU', 'C2'],
  ].filter(([last]) => !without.includes(last));
  return {
    schools: [school(A, 'E.E.PU-LES TILLEULS')],
    agents: [director('D1', 'Camille', 'DIRECTRICE', 'camille.directrice@ac-toulouse.fr', [A])],
    pupils: families.map(([last, classId]) =>
      pupil(`P-${last}`, { first: 'Léa', last, uai: A, classId, classLabel: `CP ${classId}`, legal: [`G-${last}`] }),
    ),
    guardians: families.map(([last]) => guardian(`G-${last}`, { first: 'Anne', last, pupils: [`P-${last}`] })),
  };
}

const load = async (e: FixtureExport) =>
  importDirectory({ connectionString: process.env.DATABASE_URL!, paths: [await writeExport(e)] });

const accountOf = async (aafId: string) =>
  (await db.guardian.findUnique({ where: { aafId }, include: { account: true } }))?.account ?? null;

describe('purge des fiches parties de l’annuaire', () => {
  it('élèves, responsables sans compte, classes vides : partis il y a 12 mois, supprimés', async () => {
    await load(directory());
    const blanc = (await accountOf('G-BLANC'))!;
    const moreau = (await accountOf('G-MOREAU'))!;
    await db.account.update({
      where: { id: blanc.id },
      data: { state: 'ACTIVE', origin: 'RESPONSABLE', passwordHash: 'x', provisionalPasswordEnc: null },
    });
    // Both families leave; class C2 loses its only pupil. Then a year and a month pass.
    await load(directory({ without: ['BLANC', 'MOREAU'] }));
    const old = async (months: number) =>
      withDb(async (c) => {
        for (const table of ['pupil', 'guardian', 'school_class'])
          await c.query(
            `update ${table} set detached_at = now() - make_interval(months => $1) where detached_at is not null`,
            [months],
          );
      });
    await old(11);
    const early = await purgeAccounts({ dryRun: false });
    expect(early.counts).toMatchObject({ comptes: 0, eleves: 0, fichesResponsables: 0, classes: 0 });
    await old(13);
    // The traces are kept 12 months (AUDIT_RETENTION_MONTHS): audit events, messages sent, the imports'
    // history; one of each older, one younger.
    await withDb(async (c) => {
      await c.query(
        `insert into audit_event (actor_type, actor_id, action, account_id, at) values
           ('AGENT', '1', 'compte.consulte', $1, now() - interval '13 months'),
           ('AGENT', '1', 'compte.notifie', $1, now() - interval '11 months')`,
        [blanc.id],
      );
      await c.query(
        `insert into outbound_message (channel, recipient, template, text, status, account_id, created_at) values
           ('EMAIL', 'anne.blanc@exemple.fr', 'C02', '', 'SENT', $1, now() - interval '13 months'),
           ('EMAIL', 'anne.blanc@exemple.fr', 'C07', '', 'SENT', $1, now() - interval '11 months')`,
        [blanc.id],
      );
      // The first import of this file, older; the second one, younger.
      await c.query(`update directory_import set started_at = now() - interval '13 months'
                      where id = (select min(id) from directory_import)`);
      // A notification batch, older; two directors gone 13 months ago: one whom no kept trace names,
      // one who consulted an account 11 months ago (the history shows their name: they stay).
      const { rows: school } = await c.query(`select id from school where uai = $1`, [A]);
      await c.query(
        `insert into notification_batch (school_id, agent_id, channel, reset, status, total, created_at, expires_at)
         values ($1, null, 'PAPER', false, 'DONE', 1, now() - interval '13 months', now() - interval '13 months')`,
        [school[0].id],
      );
      const { rows: agents } = await c.query(
        `insert into agent (aaf_id, email, last_name, first_name, detached_at) values
           ('D-PARTI', 'parti@ac-toulouse.fr', 'PARTI', 'Luc', now() - interval '13 months'),
           ('D-NOMME', 'nomme@ac-toulouse.fr', 'NOMME', 'Eva', now() - interval '13 months')
         returning id`,
      );
      await c.query(
        `insert into audit_event (actor_type, actor_id, action, account_id, at)
         values ('AGENT', $1, 'compte.consulte', $2, now() - interval '11 months')`,
        [String(agents[1].id), blanc.id],
      );
    });

    const dry = await purgeAccounts({ dryRun: true });
    const expected = {
      comptes: 1,
      eleves: 2,
      fichesResponsables: 1,
      classes: 1,
      evenementsSupprimes: 1,
      messagesSupprimes: 1,
      importsSupprimes: 1,
      lotsSupprimes: 1,
      directeurs: 1,
    };
    expect(dry.counts).toMatchObject(expected);
    expect(await db.auditEvent.count({ where: { accountId: blanc.id } })).toBe(3);
    expect(await db.pupil.count()).toBe(6);

    const done = await purgeAccounts({ dryRun: false });
    expect(done.accounts.map((a) => a.identifiant)).toEqual([moreau.identifiant]);
    expect(done.counts).toMatchObject(expected);
    const kept = await db.auditEvent.findMany({
      where: { accountId: blanc.id },
      select: { action: true },
      orderBy: { id: 'asc' },
    });
    expect(kept).toEqual([{ action: 'compte.notifie' }, { action: 'compte.consulte' }]);
    const messages = await db.outboundMessage.findMany({ where: { accountId: blanc.id }, select: { template: true } });
    expect(messages).toEqual([{ template: 'C07' }]);
    expect(await db.directoryImport.count()).toBe(1);
    expect(await db.notificationBatch.count()).toBe(0);
    const agents = await db.agent.findMany({ select: { aafId: true }, orderBy: { aafId: 'asc' } });
    expect(agents.map((a) => a.aafId)).toEqual(['D-NOMME', 'D1']);
    const pupils = await db.pupil.findMany({ select: { aafId: true }, orderBy: { aafId: 'asc' } });
    expect(pupils.map((p) => p.aafId)).toEqual(['P-GRIS', 'P-NOIR', 'P-ROUGE', 'P-VERT']);
    // The activated account keeps its directory record; the never-activated one went with its record.
    expect((await accountOf('G-BLANC'))?.id).toBe(blanc.id);
    expect(await db.guardian.count({ where: { aafId: 'G-MOREAU' } })).toBe(0);
    expect(await db.account.count({ where: { id: moreau.id } })).toBe(0);
    expect((await db.schoolClass.findMany({ select: { aafId: true } })).map((c) => c.aafId)).toEqual(['C1']);
    expect(await db.guardianLink.count({ where: { guardian: { aafId: 'G-BLANC' } } })).toBe(0);
    expect(await directorRowsOutOfStep((sql) => db.$queryRawUnsafe(sql))).toMatchObject({ missing: [], extra: [] });
    const recorded = await db.auditEvent.findFirstOrThrow({
      where: { action: 'purge.comptes' },
      orderBy: { id: 'desc' },
    });
    expect(recorded.details).toMatchObject({ ...expected, mois: 12, moisJournal: 12 });
    // A second purge finds nothing left to delete.
    const second = await purgeAccounts({ dryRun: false });
    expect(Object.entries(second.counts).filter(([, n]) => n > 0)).toEqual([]);
    expect((await purgeAccounts({ dryRun: true, auditMonths: 10 })).counts.evenementsSupprimes).toBe(2);

    // Both families come back: Léa BLANC is a new record, found again by her parent's activated
    // account; the Moreau guardian is a new record with a new account, never the old identifiant.
    await load(directory());
    const again = await db.pupil.findUniqueOrThrow({
      where: { aafId: 'P-BLANC' },
      include: { guardians: { include: { guardian: { select: { accountId: true } } } } },
    });
    expect(again.detachedAt).toBeNull();
    expect(again.guardians.map((l) => l.guardian.accountId)).toEqual([blanc.id]);
    expect((await db.account.findUniqueOrThrow({ where: { id: blanc.id } })).state).toBe('ACTIVE');
    const moreauAgain = (await accountOf('G-MOREAU'))!;
    expect(moreauAgain.id).not.toBe(moreau.id);
    expect(moreauAgain.identifiant).not.toBe(moreau.identifiant);
    expect(moreauAgain.state).toBe('NON_NOTIFIE');
    expect(await directorRowsOutOfStep((sql) => db.$queryRawUnsafe(sql))).toMatchObject({ missing: [], extra: [] });
  });
});
