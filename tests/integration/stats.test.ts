/**
 * Statistics of guide §6.1 against a fixture computed by hand: siblings in several classes, a
 * multi-level class, a merged account and ineligible pupils.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { computeStats } from '@/lib/stats/compute-stats';
import { statsReport } from '@/lib/stats/stats-report';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';

const A = '0310000G';
const B = '0310001H';
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const dir = await writeExport({
    schools: [school(A, 'E.E.PU-LES TILLEULS'), school(B, 'E.M.PU-JEAN MOULIN')],
    agents: [director('D1', 'Élise', 'DUBOIS', 'elise.dubois@ac-toulouse.fr', [A, B])],
    pupils: [
      pupil('P1', {
        first: 'Alice',
        last: 'UN',
        uai: A,
        classId: 'C1',
        classLabel: 'CP A',
        level: 'CP',
        legal: ['G1', 'G2'],
      }),
      pupil('P2', {
        first: 'Bob',
        last: 'UN',
        uai: A,
        classId: 'C2',
        classLabel: 'CE1/CE2',
        level: 'CE1',
        legal: ['G1'],
      }),
      pupil('P3', {
        first: 'Chloé',
        last: 'TROIS',
        uai: A,
        classId: 'C2',
        classLabel: 'CE1/CE2',
        level: 'CE2',
        legal: ['G3'],
      }),
      pupil('P4', {
        first: 'Dan',
        last: 'QUATRE',
        uai: A,
        classId: 'C3',
        classLabel: 'CM1',
        level: 'CM1',
        legal: ['G4', 'G5'],
      }),
      pupil('P5', {
        first: 'Emma',
        last: 'SANSINE',
        uai: A,
        classId: 'C3',
        classLabel: 'CM1',
        level: 'CM1',
        legal: ['G6'],
        ine: null,
      }),
      pupil('P6', {
        first: 'Fanny',
        last: 'PROVISOIRE',
        uai: A,
        classId: 'C1',
        classLabel: 'CP A',
        level: 'CP',
        legal: ['G7'],
        provisional: true,
      }),
      pupil('P7', {
        first: 'Gus',
        last: 'TROIS',
        uai: A,
        classId: 'C2',
        classLabel: 'CE1/CE2',
        level: 'CE2',
        legal: ['G8'],
      }),
      pupil('Q1', {
        first: 'Hugo',
        last: 'B',
        uai: B,
        classId: 'K1',
        classLabel: 'PS',
        level: 'PS',
        legal: ['H1', 'H2', 'H3'],
      }),
    ],
    guardians: [
      guardian('G1', { first: 'Anne', last: 'UN', pupils: ['P1', 'P2'] }),
      guardian('G2', { first: 'Paul', last: 'UN', pupils: ['P1'] }),
      guardian('G3', { first: 'Rose', last: 'TROIS', pupils: ['P3'] }),
      guardian('G4', { first: 'Marc', last: 'QUATRE', pupils: ['P4'] }),
      guardian('G5', { first: 'Lise', last: 'QUATRE', pupils: ['P4'] }),
      guardian('G6', { first: 'Yves', last: 'SANSINE', pupils: ['P5'] }),
      guardian('G7', { first: 'Noé', last: 'PROVISOIRE', pupils: ['P6'] }),
      guardian('G8', { first: 'Rose', last: 'TROIS-BIS', pupils: ['P7'] }),
      guardian('H1', { first: 'Ali', last: 'B', pupils: ['Q1'] }),
      guardian('H2', { first: 'Bea', last: 'B', pupils: ['Q1'] }),
      guardian('H3', { first: 'Cid', last: 'B', pupils: ['Q1'] }),
    ],
  });
  await importDirectory({ connectionString: process.env.DATABASE_URL!, paths: [dir] });
  const state = async (aaf: string, s: string) =>
    client.query(`update account set state = $2 where id = (select account_id from guardian where aaf_id = $1)`, [
      aaf,
      s,
    ]);
  await state('G1', 'ACTIVE');
  await state('G2', 'NOTIFIE_NON_ACTIVE');
  await state('G3', 'EN_COURS_ACTIVATION');
  await state('G5', 'ACTIVE');
  await state('H1', 'ACTIVE');
  // G8 grouped its child on G3's account (regroupement): its own account is merged, i.e. deleted.
  await state('G8', 'ACTIVE');
  await client.query(`
    with survivor as (select account_id as id from guardian where aaf_id = 'G3'),
         merged as (select account_id as id from guardian where aaf_id = 'G8')
    update account set deleted_at = now(), merged_into_id = (select id from survivor) where id = (select id
      from merged)`);
  await client.query(
    `update guardian set account_id = (select account_id from guardian where aaf_id = 'G3') where aaf_id = 'G8'`,
  );
});
afterAll(() => client.end());

describe('statistiques (§6.1)', () => {
  it('synthèse, détail par classe et par niveau, comptés à la main', async () => {
    const r = await statsReport({ uai: A });
    expect(r.uai).toBe(A);
    expect(new Date(r.computedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(r.summary).toEqual({
      comptes: 5,
      nonNotifies: 1,
      notifiesNonActives: 1,
      enCoursActivation: 1,
      actives: 2,
      pctComptesActives: 40,
      pctElevesAvecResponsableActive: 60,
    });
    expect(r.parClasse).toEqual([
      {
        classe: 'CE1/CE2',
        comptes: 2,
        nonNotifies: 0,
        notifiesNonActives: 0,
        enCoursActivation: 1,
        actives: 1,
        pctComptesActives: 50,
      },
      {
        classe: 'CM1',
        comptes: 2,
        nonNotifies: 1,
        notifiesNonActives: 0,
        enCoursActivation: 0,
        actives: 1,
        pctComptesActives: 50,
      },
      {
        classe: 'CP A',
        comptes: 2,
        nonNotifies: 0,
        notifiesNonActives: 1,
        enCoursActivation: 0,
        actives: 1,
        pctComptesActives: 50,
      },
    ]);
    expect(r.parNiveau).toEqual([
      {
        niveau: 'CP',
        comptes: 2,
        nonNotifies: 0,
        notifiesNonActives: 1,
        enCoursActivation: 0,
        actives: 1,
        pctComptesActives: 50,
      },
      {
        niveau: 'CE1',
        comptes: 1,
        nonNotifies: 0,
        notifiesNonActives: 0,
        enCoursActivation: 0,
        actives: 1,
        pctComptesActives: 100,
      },
      {
        niveau: 'CE2',
        comptes: 1,
        nonNotifies: 0,
        notifiesNonActives: 0,
        enCoursActivation: 1,
        actives: 0,
        pctComptesActives: 0,
      },
      {
        niveau: 'CM1',
        comptes: 2,
        nonNotifies: 1,
        notifiesNonActives: 0,
        enCoursActivation: 0,
        actives: 1,
        pctComptesActives: 50,
      },
    ]);
  });

  it('les pourcentages ont deux décimales', async () => {
    const r = await statsReport({ uai: B });
    expect(r.summary).toMatchObject({
      comptes: 3,
      actives: 1,
      pctComptesActives: 33.33,
      pctElevesAvecResponsableActive: 100,
    });
  });

  it('le calcul de nuit écrit un instantané par école rattachée', async () => {
    await client.query(`insert into school (uai, name, detached_at) values ('0310099Z', 'FERMÉE', now())`);
    const before = (await client.query(`select count(*)::int as n from stats_snapshot`)).rows[0].n;
    const n = await computeStats();
    expect(n).toBe(2);
    const after = (await client.query(`select count(*)::int as n from stats_snapshot`)).rows[0].n;
    expect(after - before).toBe(2);
  });

  it('une école sans compte a des statistiques à zéro', async () => {
    const { rows } = await client.query(`insert into school (uai, name) values ('0310098Y', 'VIDE') returning id`);
    await computeStats({ schoolIds: [rows[0].id] });
    const r = await statsReport({ uai: '0310098Y' });
    expect(r.summary).toEqual({
      comptes: 0,
      nonNotifies: 0,
      notifiesNonActives: 0,
      enCoursActivation: 0,
      actives: 0,
      pctComptesActives: 0,
      pctElevesAvecResponsableActive: 0,
    });
    expect(r.parClasse).toEqual([]);
  });
});
