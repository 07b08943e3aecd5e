/** What a director may see of an account (guide §5.2), and what they may not. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccountForDirector } from '@/lib/accounts/get-account';
import { accountHistory } from '@/lib/audit/account-history';
import { recordAuditForAccounts } from '@/lib/audit/record-audit';
import { rowsInScope } from '@/lib/accounts/search-accounts';
import { encryptSecret } from '@/lib/accounts/secrets';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { director, guardian, pupil, school, writeExport } from '@/tests/support/aaf-fixture';

const A = '0310000G';
const B = '0310001H';
let client: pg.Client;
const ids: Record<string, number> = {};

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await importDirectory({
    connectionString: process.env.DATABASE_URL!,
    paths: [
      await writeExport({
        schools: [school(A, 'E.E.PU-A'), school(B, 'E.E.PU-B')],
        agents: [director('D1', 'Élise', 'DUBOIS', 'elise@ac-toulouse.fr', [A])],
        pupils: [
          pupil('P1', {
            first: 'Léa',
            last: 'MARTIN',
            uai: A,
            classId: 'C1',
            classLabel: 'CP A',
            legal: ['G1'],
            birth: '02/03/2019',
          }),
          pupil('P2', { first: 'Tom', last: 'MARTIN', uai: B, classId: 'K1', classLabel: 'CM2', legal: ['G1'] }),
          pupil('P3', { first: 'Ana', last: 'AUTRE', uai: B, classId: 'K1', classLabel: 'CM2', legal: ['G3'] }),
          pupil('P4', { first: 'Max', last: 'FUSION', uai: A, classId: 'C1', classLabel: 'CP A', legal: ['G4'] }),
        ],
        guardians: [
          guardian('G1', {
            first: 'Anne',
            last: 'MARTIN',
            pupils: ['P1', 'P2'],
            email: 'anne@exemple.fr',
            mobile: '0612345678',
          }),
          guardian('G3', { first: 'Bob', last: 'AUTRE', pupils: ['P3'] }),
          guardian('G4', { first: 'Eve', last: 'FUSION', pupils: ['P4'] }),
        ],
      }),
    ],
  });
  const { rows } = await client.query(
    `select g.aaf_id, g.account_id, (select id from school where uai = '${A}') as a from guardian g`,
  );
  for (const r of rows) ids[r.aaf_id] = r.account_id;
  ids.schoolA = rows[0].a;
  await client.query(
    `update account set state = 'NOTIFIE_NON_ACTIVE', provisional_password_enc = $2, distributed_at = now()
      where id = $1`,
    [ids.G1, encryptSecret('K7PM3QZ9')],
  );
  await client.query(`update account set deleted_at = now(), merged_into_id = $2 where id = $1`, [ids.G4, ids.G1]);
});
afterAll(() => client.end());

describe('compte vu par un directeur', () => {
  it('montre mot de passe provisoire, contacts, élèves d’ici et d’ailleurs ; trace la consultation', async () => {
    const a = (await getAccountForDirector({ accountId: ids.G1, schoolId: ids.schoolA, agentId: 1 }))!;
    expect(a).toMatchObject({
      identifiant: 'a.martin',
      motDePasse: 'K7PM3QZ9',
      email: 'anne@exemple.fr',
      mobile: '+33612345678',
      etat: 'NOTIFIE_NON_ACTIVE',
    });
    expect(a.elevesEcole).toEqual([
      { prenom: 'Léa', nom: 'MARTIN', naissance: new Date('2019-03-02T00:00:00Z'), classe: 'CP A' },
    ]);
    expect(a.elevesAutres).toEqual([
      { prenom: 'Tom', nom: 'MARTIN', naissance: expect.any(Date), uai: B, ecole: 'E.E.PU-B' },
    ]);
    const { rows } = await client.query(
      `select action, account_id, school_id, actor_id, details from audit_event where account_id = $1`,
      [ids.G1],
    );
    expect(rows).toEqual([
      {
        ...{ action: 'compte.consulte', account_id: ids.G1, school_id: ids.schoolA, actor_id: '1' },
        details: { motDePasseAffiche: true },
      },
    ]);
  });

  it('un mot de passe choisi est masqué, et absent pour un compte non notifié', async () => {
    await client.query(
      `update account set state = 'ACTIVE', provisional_password_enc = null, password_hash = '$argon2id$x'
        where id = $1`,
      [ids.G1],
    );
    expect((await getAccountForDirector({ accountId: ids.G1, schoolId: ids.schoolA, agentId: 1 }))!.motDePasse).toBe(
      '*****',
    );
    await client.query(`update account set state = 'NON_NOTIFIE', password_hash = null where id = $1`, [ids.G1]);
    expect(
      (await getAccountForDirector({ accountId: ids.G1, schoolId: ids.schoolA, agentId: 1 }))!.motDePasse,
    ).toBeNull();
    // Neither view showed a password in clear, and the history says so.
    const { rows } = await client.query(
      `select details from audit_event where account_id = $1 and action = 'compte.consulte' order by id`,
      [ids.G1],
    );
    expect(rows.map((r) => r.details)).toEqual([
      { motDePasseAffiche: true },
      { motDePasseAffiche: false },
      { motDePasseAffiche: false },
    ]);
    expect((await accountHistory(ids.G1)).slice(0, 3).map((h) => h.label)).toEqual([
      'Compte consulté (aucun mot de passe affiché)',
      'Compte consulté (aucun mot de passe affiché)',
      'Compte consulté (mot de passe provisoire affiché)',
    ]);
  });

  it('n’atteint ni le compte d’une autre école, ni un compte fusionné (supprimé)', async () => {
    expect(await getAccountForDirector({ accountId: ids.G3, schoolId: ids.schoolA, agentId: 1 })).toBeNull();
    expect(await getAccountForDirector({ accountId: ids.G4, schoolId: ids.schoolA, agentId: 1 })).toBeNull();
    expect(await getAccountForDirector({ accountId: 999999, schoolId: ids.schoolA, agentId: 1 })).toBeNull();
    // The attempt on an existing account of another school is in that account's history.
    const { rows } = await client.query(
      `select action, account_id, actor_id, details from audit_event where action = 'acces.refuse' order by id`,
    );
    expect(rows).toEqual([{ action: 'acces.refuse', account_id: ids.G3, actor_id: '1', details: { cible: 'compte' } }]);
  });

  it('historique : qui a fait quoi, qui a vu le mot de passe, du plus récent au plus ancien', async () => {
    await recordAuditForAccounts(
      { actorType: 'AGENT', actorId: '1', action: 'liste.exportee', schoolId: ids.schoolA, details: { format: 'csv' } },
      [ids.G1, ids.G1, ids.G3],
    );
    await client.query(
      `insert into audit_event (actor_type, actor_id, action, account_id)
       values ('GUARDIAN', $1, 'portail.connexion', $2), ('SYSTEM', 'cli', 'compte.notifie', $2)`,
      [String(ids.G1), ids.G1],
    );
    const history = await accountHistory(ids.G1);
    expect(history.slice(0, 3).map((h) => [h.label, h.by])).toEqual([
      ['Compte notifié', 'Exploitation (ligne de commande)'],
      ['Connexion au portail', 'Le responsable'],
      ['Compte inclus dans une liste exportée', 'Élise DUBOIS (directeur, 0310000G)'],
    ]);
    expect(history.filter((h) => h.action === 'liste.exportee')).toHaveLength(1);
    expect(history.at(-1)).toMatchObject({ label: 'Compte consulté (mot de passe provisoire affiché)' });
    expect((await accountHistory(ids.G3)).map((h) => h.label)).toEqual([
      'Compte inclus dans une liste exportée',
      'Accès refusé (compte ou ligne hors des écoles du directeur)',
    ]);
  });

  it('une sélection ne garde que les lignes de l’école', async () => {
    const { rows } = await client.query(`select id, aaf_id from pupil`);
    const p = Object.fromEntries(rows.map((r) => [r.aaf_id, r.id]));
    const kept = await rowsInScope({
      schoolId: ids.schoolA,
      rows: [
        { pupilId: p.P1, accountId: ids.G1 },
        { pupilId: p.P2, accountId: ids.G1 },
        { pupilId: p.P3, accountId: ids.G3 },
        { pupilId: p.P4, accountId: ids.G4 },
        { pupilId: p.P1, accountId: ids.G3 },
      ],
    });
    expect(kept).toEqual([{ pupilId: p.P1, accountId: ids.G1 }]);
  });
});
