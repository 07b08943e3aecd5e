/**
 * The director scope (guide §1.3.1, DESIGN.md §11): only legal guardians of eligible pupils —
 * definitively admitted, with an INE, in a class, attached — with a live account are reachable,
 * and reachable the same way everywhere: search, account page, selection, list, statistics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountListRows } from '@/lib/accounts/account-list';
import { getAccountForDirector } from '@/lib/accounts/get-account';
import { rowsInScope, searchAccounts } from '@/lib/accounts/search-accounts';
import type { SearchCriteria } from '@/lib/accounts/search-criteria';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { statsReport } from '@/lib/stats/stats-report';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';
import { useTestClient } from '@/tests/support/pg-client';

const A = '0310000G';
const db = useTestClient();
const all: SearchCriteria = { q: '', classe: [], etat: [], origine: [], tri: 'eleve', ordre: 'asc', page: 1 };
let schoolId: number;
let accounts: Record<string, number>;
let links: { pupilId: number; accountId: number }[];

const exportWith = (withDetached: boolean) =>
  writeExport({
    schools: [school(A, 'E.E.PU-PÉRIMÈTRE')],
    agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
    pupils: [
      pupil('P1', { first: 'Alice', last: 'ELIGIBLE', uai: A, legal: ['G1'] }),
      pupil('P2', { first: 'Bruno', last: 'SANSINE', uai: A, legal: ['G2'], ine: null }),
      pupil('P3', { first: 'Carla', last: 'PROVISOIRE', uai: A, legal: ['G3'], provisional: true }),
      pupil('P4', { first: 'David', last: 'SANSCLASSE', uai: A, legal: ['G4'], classId: null }),
      ...(withDetached ? [pupil('P6', { first: 'Fanny', last: 'PARTIE', uai: A, legal: ['G6'] })] : []),
      pupil('P7', { first: 'Gaël', last: 'FUSION', uai: A, legal: ['G7'] }),
    ],
    guardians: [
      guardian('G1', { first: 'Anne', last: 'ELIGIBLE', pupils: ['P1'] }),
      guardian('G2', { first: 'Bea', last: 'SANSINE', pupils: ['P2'] }),
      guardian('G3', { first: 'Cyril', last: 'PROVISOIRE', pupils: ['P3'] }),
      guardian('G4', { first: 'Dina', last: 'SANSCLASSE', pupils: ['P4'] }),
      // A contact of Alice (her record does not name them as holding parental authority).
      guardian('G5', { first: 'Eric', last: 'CONTACT', pupils: ['P1'] }),
      ...(withDetached ? [guardian('G6', { first: 'Fred', last: 'PARTIE', pupils: ['P6'] })] : []),
      guardian('G7', { first: 'Gina', last: 'FUSION', pupils: ['P7'] }),
    ],
  });

beforeAll(async () => {
  const url = process.env.DATABASE_URL!;
  await importDirectory({ connectionString: url, paths: [await exportWith(true)] });
  // Give every guardian an account, eligible or not, so that only the scope can keep them out.
  await db().query(
    `insert into account (identifiant) select 'x.' || lower(aaf_id) from guardian where account_id is null`,
  );
  await db().query(`update guardian g set account_id = a.id from account a
                     where g.account_id is null and a.identifiant = 'x.' || lower(g.aaf_id)`);
  // Fanny leaves the school (absent from the next full export); Gina's account is merged into Anne's.
  await importDirectory({ connectionString: url, paths: [await exportWith(false)] });
  await db().query(`update account set deleted_at = now(),
                      merged_into_id = (select account_id from guardian where aaf_id = 'G1')
                     where id = (select account_id from guardian where aaf_id = 'G7')`);
  schoolId = (await db().query(`select id from school where uai = $1`, [A])).rows[0].id;
  const { rows } = await db().query(`select aaf_id, account_id from guardian`);
  accounts = Object.fromEntries(rows.map((r) => [r.aaf_id, r.account_id]));
  links = (
    await db().query(`select l.pupil_id as "pupilId", g.account_id as "accountId"
                        from guardian_link l join guardian g on g.id = l.guardian_id`)
  ).rows;
});

describe('le périmètre du directeur', () => {
  it('toutes les personnes du test ont un compte, mais une seule ligne est visible', async () => {
    expect(Object.values(accounts).every((id) => id !== null)).toBe(true);
    expect(links.length).toBeGreaterThanOrEqual(6);
    const { rows, total } = await searchAccounts({ schoolId, criteria: all });
    expect(total).toBe(1);
    expect(rows.map((r) => [r.eleve, r.responsable])).toEqual([['ELIGIBLE Alice', 'ELIGIBLE Anne']]);
  });

  it('la recherche qui lit chaque compte et celle qui ne lit que la page voient les mêmes lignes', async () => {
    // Sorted on the state, every row's account is read (director_scope); sorted on the pupil, the
    // stored rows alone decide (director_row), then the page's accounts.
    const heavy = await searchAccounts({ schoolId, criteria: { ...all, tri: 'etat' } });
    const light = await searchAccounts({ schoolId, criteria: all });
    expect(light).toEqual(heavy);
    // Every state ticked is no filter; the same state ticked four times is still a filter.
    const ticked = await searchAccounts({
      schoolId,
      criteria: { ...all, etat: ['NON_NOTIFIE', 'NOTIFIE_NON_ACTIVE', 'EN_COURS_ACTIVATION', 'ACTIVE'] },
    });
    expect(ticked).toEqual(light);
    const repeated = await searchAccounts({
      schoolId,
      criteria: { ...all, etat: ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE'] },
    });
    expect(repeated.total).toBe(0);
  });

  it('aucun responsable hors périmètre ne se trouve par son nom', async () => {
    for (const q of ['SANSINE', 'PROVISOIRE', 'SANSCLASSE', 'CONTACT', 'PARTIE', 'FUSION']) {
      expect((await searchAccounts({ schoolId, criteria: { ...all, q } })).total, q).toBe(0);
    }
  });

  it('la page d’un compte hors périmètre n’existe pas', async () => {
    expect(await getAccountForDirector({ accountId: accounts.G1, schoolId, agentId: 1 })).not.toBeNull();
    for (const g of ['G2', 'G3', 'G4', 'G5', 'G6', 'G7']) {
      expect(await getAccountForDirector({ accountId: accounts[g], schoolId, agentId: 1 }), g).toBeNull();
    }
  });

  it('une sélection et la liste (§5.4) ne gardent que la ligne du périmètre', async () => {
    const kept = await rowsInScope({ schoolId, rows: links });
    expect(kept).toEqual([{ pupilId: expect.any(Number), accountId: accounts.G1 }]);
    const list = await accountListRows({ schoolId });
    expect(list.map((r) => `${r.nomEleve} ${r.nomResponsable} ${r.prenomResponsable}`)).toEqual([
      'ELIGIBLE ELIGIBLE Anne',
    ]);
    expect(await accountListRows({ schoolId, selection: links })).toEqual(list);
  });

  it('les statistiques comptent le même périmètre', async () => {
    const r = await statsReport({ uai: A });
    expect(r.summary.comptes).toBe(1);
    // Eligible pupils: Alice and Gaël (whose only guardian's account was merged away).
    expect(r.summary.pctElevesAvecResponsableActive).toBe(0);
    expect(r.parClasse.map((c) => [c.classe, c.comptes])).toEqual([['CE1 A', 1]]);
  });
});
