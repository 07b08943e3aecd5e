import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { director, guardian, pupil, school, writeExport, type FixtureExport } from '@/tests/support/aaf-fixture';
import { directorRowsOutOfStep } from '@/tests/support/director-rows';

const A = '0310000G';
const B = '0310001H';
let client: pg.Client;
const url = () => process.env.DATABASE_URL!;
const q = async <T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await client.query<T>(sql, params)).rows;

beforeAll(async () => {
  client = new pg.Client({ connectionString: url() });
  await client.connect();
});
afterAll(() => client.end());
// Whatever an import did or refused, the director scope's stored rows match the directory.
afterEach(async () => {
  const check = await directorRowsOutOfStep((sql) => q(sql));
  expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
});

async function resetDatabase() {
  await client.query(
    `truncate school, school_class, pupil, guardian, guardian_link, account, identifiant_counter, agent,
      agent_school, directory_import, audit_event restart identity cascade`,
  );
}

/** The base export: two schools, siblings, a contact, ineligible pupils, homonyms. */
function baseExport(): FixtureExport {
  return {
    schools: [school(A, 'E.E.PU-LES TILLEULS-TOULOUSE'), school(B, 'E.M.PU-JEAN MOULIN-ALBI')],
    agents: [
      director('D1', 'Élise', 'DUBOIS', 'elise.dubois@ac-toulouse.fr', [A, B]),
      director('D2', 'Paul', 'MARTIN', 'Paul.Martin@ac-toulouse.fr', [B]),
      {
        id: 'T1',
        attrs: {
          ENTPersonJointure: 'T1',
          ENTPersonNom: 'PROF',
          ENTPersonPrenom: 'Anne',
          ENTPersonMail: 'anne.prof@ac-toulouse.fr',
        },
      },
    ],
    pupils: [
      pupil('P1', {
        first: 'Alice',
        last: 'REABU',
        uai: A,
        classId: 'C1',
        classLabel: 'CE1 A',
        level: 'CE1',
        legal: ['G1', 'G2'],
      }),
      pupil('P2', {
        first: 'Paul',
        last: 'REABU',
        uai: A,
        classId: 'C2',
        classLabel: 'CM1/CM2',
        level: 'Cours moyen 2e année',
        legal: ['G1'],
      }),
      pupil('P3', { first: 'Léa', last: 'SANSINE', uai: A, legal: ['G3'], ine: null }),
      pupil('P4', { first: 'Noé', last: 'PROVISOIRE', uai: A, legal: ['G4'], provisional: true }),
      pupil('P5', { first: 'Zoé', last: 'SANSCLASSE', uai: A, legal: ['G5'], classId: null }),
      pupil('P6', {
        first: 'Jade',
        last: 'RÉABU',
        uai: B,
        classId: 'K1',
        classLabel: 'PS-MS',
        level: 'PS',
        legal: ['G7'],
      }),
    ],
    guardians: [
      guardian('G1', {
        first: 'Guillaume',
        last: 'REABU',
        pupils: ['P1', 'P2'],
        email: 'guillaume.reabu@exemple.fr',
        mobile: '06 12 34 56 78',
      }),
      guardian('G2', { first: 'Camille', last: "N'DIAYE", pupils: ['P1'], mobile: '+33 7 11 22 33 44' }),
      guardian('G3', { first: 'Marc', last: 'SANSINE', pupils: ['P3'] }),
      guardian('G4', { first: 'Inès', last: 'PROVISOIRE', pupils: ['P4'] }),
      guardian('G5', { first: 'Hugo', last: 'SANSCLASSE', pupils: ['P5'] }),
      // A grandmother in La Réunion: her mobile as written there.
      guardian('G6', { first: 'Mamie', last: 'REABU', pupils: ['P1'], mobile: '0692 12 34 56' }),
      guardian('G7', { first: 'Gaëlle', last: 'RÉABU', pupils: ['P6'], email: 'gaelle@exemple.fr' }),
    ],
  };
}

async function snapshot() {
  const tables = [
    'school',
    'school_class',
    'pupil',
    'guardian',
    'guardian_link',
    'account',
    'identifiant_counter',
    'agent',
    'agent_school',
  ];
  const out: Record<string, string> = {};
  for (const t of tables)
    out[t] = (
      await q<{ h: string }>(`select coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${t} x`)
    )[0].h;
  return out;
}

describe('import de l’annuaire', () => {
  beforeEach(resetDatabase);

  it('crée écoles, classes, élèves, responsables, liens, directeurs, un compte par responsable légal', async () => {
    const s = await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    expect(s).toMatchObject({
      mode: 'complet',
      ecoles: 2,
      eleves: 6,
      elevesEligibles: 3,
      responsables: 7,
      directeurs: 2,
      comptesCrees: 3,
      comptesMisAJour: 0,
      comptesDetaches: 0,
    });
    expect(s.avertissements).toEqual({ eleveSansIne: 1, eleveSansClasse: 1, responsableSansContact: 3 });

    const accounts =
      await q(`select g.aaf_id, a.identifiant, a.state, a.origin, a.provisional_password_enc, a.password_hash
                                from guardian g left join account a on a.id = g.account_id order by g.aaf_id`);
    expect(accounts.map((a) => [a.aaf_id, a.identifiant])).toEqual([
      ['G1', 'g.reabu'],
      ['G2', 'c.ndiaye'],
      ['G3', null],
      ['G4', null],
      ['G5', null],
      ['G6', null],
      ['G7', 'g.reabu1'],
    ]);
    for (const a of accounts.filter((x) => x.identifiant)) {
      expect(a).toMatchObject({
        state: 'NON_NOTIFIE',
        origin: 'NON_RENSEIGNE',
        provisional_password_enc: null,
        password_hash: null,
      });
    }
    const links = await q(
      `select p.aaf_id as p, g.aaf_id as g, l.legal from guardian_link l join pupil p on p.id = l.pupil_id
        join guardian g on g.id = l.guardian_id order by 1, 2`,
    );
    expect(links).toContainEqual({ p: 'P1', g: 'G6', legal: false });
    expect(links).toContainEqual({ p: 'P1', g: 'G1', legal: true });
    expect(links).toHaveLength(8);
    const pupils = await q(
      `select p.aaf_id, p.level, c.label, s.uai, p.admitted from pupil p left
        join school_class c on c.id = p.class_id left join school s on s.id = p.school_id order by 1`,
    );
    expect(pupils[1]).toEqual({ aaf_id: 'P2', level: 'CM2', label: 'CM1/CM2', uai: A, admitted: true });
    expect(pupils[3].admitted).toBe(false);
    const agents = await q(
      `select a.email, array_agg(s.uai order by s.uai) as uais from agent a
        join agent_school x on x.agent_id = a.id join school s on s.id = x.school_id group by a.email order by 1`,
    );
    expect(agents).toEqual([
      { email: 'elise.dubois@ac-toulouse.fr', uais: [A, B] },
      { email: 'paul.martin@ac-toulouse.fr', uais: [B] },
    ]);
    const mobiles = await q(`select aaf_id, mobile from guardian where aaf_id in ('G2', 'G6') order by aaf_id`);
    // La Réunion's mobile with its own country code: the only one an SMS reaches it by.
    expect(mobiles).toEqual([
      { aaf_id: 'G2', mobile: '+33711223344' },
      { aaf_id: 'G6', mobile: '+262692123456' },
    ]);
    const record = (await q(`select outcome, finished_at, counts from directory_import`))[0];
    expect(record.outcome).toBe('SUCCEEDED');
    expect((record.counts as { comptesCrees: number }).comptesCrees).toBe(3);
  });

  it('annuaire vide : clés étrangères et index reconstruits à l’identique après le chargement', async () => {
    const checks = () =>
      q(`select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def, convalidated
           from pg_constraint where conrelid = any('{pupil,guardian,guardian_link,account,director_row}'::regclass[])
         union all
         select indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid), indisvalid
           from pg_index where indrelid = any('{pupil,guardian,guardian_link,account,director_row}'::regclass[])
         order by 1, 2`);
    const before = await checks();
    expect(before.filter((c) => String(c.def).startsWith('FOREIGN KEY'))).toHaveLength(6);
    const steps: string[] = [];
    const first = await importDirectory({
      connectionString: url(),
      paths: [await writeExport(baseExport())],
      progress: (m) => steps.push(m),
    });
    expect(steps).toContain('index et clés étrangères');
    expect(await checks()).toEqual(before);
    // The keys hold again: a link to a pupil that does not exist is refused.
    await expect(q(`insert into guardian_link (pupil_id, guardian_id, legal) values (-1, -1, true)`)).rejects.toThrow(
      /foreign key/,
    );
    // The links' primary key, built after the load, holds too: the same link twice is refused.
    await expect(
      q(`insert into guardian_link (pupil_id, guardian_id, legal) select pupil_id, guardian_id, legal from guardian_link
           limit 1`),
    ).rejects.toThrow(/duplicate key|unique/);
    // And so do the unique ids: a second guardian G1 is refused.
    await expect(
      q(`insert into guardian (aaf_id, last_name, first_name) select aaf_id, last_name, first_name from guardian
           where aaf_id = 'G1'`),
    ).rejects.toThrow(/duplicate key|unique/);
    // Not empty any more: the next import keeps its keys and indexes in place.
    steps.length = 0;
    const again = await importDirectory({
      connectionString: url(),
      paths: [await writeExport(baseExport())],
      progress: (m) => steps.push(m),
    });
    expect(steps).not.toContain('index et clés étrangères');
    expect(again).toMatchObject({ comptesCrees: 0 });
    expect(first.comptesCrees).toBe(3);
  });

  it('sous un rôle qui ne possède pas les tables : le chemin ordinaire, même résultat', async () => {
    // What the directory says, by the directory's ids (row ids and dates differ from one import to the other).
    const content = async () => ({
      links: await q(`select p.aaf_id as pupil, g.aaf_id as guardian, l.legal from guardian_link l
                        join pupil p on p.id = l.pupil_id join guardian g on g.id = l.guardian_id order by 1, 2`),
      accounts:
        await q(`select g.aaf_id, a.identifiant, a.state from guardian g left join account a on a.id = g.account_id
                           order by 1`),
      scope: await q(`select s.uai, p.aaf_id as pupil, g.aaf_id as guardian, d.guardian_last_key, d.pupil_first_key
                        from director_row d join school s on s.id = d.school_id join pupil p on p.id = d.pupil_id
                        join guardian g on g.id = d.guardian_id order by 2, 3`),
    });
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const loadedInBulk = await content();
    expect(loadedInBulk.links).toHaveLength(8);
    expect(loadedInBulk.scope.length).toBeGreaterThan(0);
    await resetDatabase();
    const role = `importeur_${process.pid}_${Date.now().toString(36)}`;
    await q(`create role ${role} login password 'mot-de-passe-du-test'`);
    try {
      for (const grant of [
        `grant usage, create on schema public to ${role}`,
        `grant all on all tables in schema public to ${role}`,
        `grant all on all sequences in schema public to ${role}`,
      ])
        await q(grant);
      const asRole = new URL(url());
      asRole.username = role;
      asRole.password = 'mot-de-passe-du-test';
      const steps: string[] = [];
      const s = await importDirectory({
        connectionString: asRole.toString(),
        paths: [await writeExport(baseExport())],
        progress: (m) => steps.push(m),
      });
      expect(steps).not.toContain('index et clés étrangères');
      expect(s).toMatchObject({ comptesCrees: 3, eleves: 6, responsables: 7 });
      expect((await q(`select count(*)::int as n from guardian_link`))[0].n).toBe(8);
      expect(await content()).toEqual(loadedInBulk);
    } finally {
      await q(`drop owned by ${role}`);
      await q(`drop role ${role}`);
    }
  });

  it('réimporter le même export ne change rien', async () => {
    const dir = await writeExport(baseExport());
    await importDirectory({ connectionString: url(), paths: [dir] });
    const before = await snapshot();
    const s = await importDirectory({ connectionString: url(), paths: [dir] });
    expect(s).toMatchObject({ comptesCrees: 0, comptesMisAJour: 0, comptesDetaches: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('l’annuaire met à jour noms et contacts mais jamais les données du compte', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    await client.query(`update account set state = 'ACTIVE', origin = 'ETABLISSEMENT', email = 'choisi@exemple.fr',
      password_hash = '$argon2id$x', franceconnect_sub = 'fc-1'
                         where identifiant = 'g.reabu'`);
    const changed = baseExport();
    changed.guardians![0] = guardian('G1', {
      first: 'Guillaume',
      last: 'REABU-NOUVEAU',
      pupils: ['P1', 'P2'],
      email: 'autre@exemple.fr',
      mobile: '0699999999',
    });
    const s = await importDirectory({ connectionString: url(), paths: [await writeExport(changed)] });
    expect(s.comptesMisAJour).toBe(1);
    const [g] = await q(`select g.last_name, g.email, g.mobile, a.identifiant, a.state, a.email as account_email,
        a.password_hash, a.franceconnect_sub
                          from guardian g join account a on a.id = g.account_id where g.aaf_id = 'G1'`);
    expect(g).toEqual({
      last_name: 'REABU-NOUVEAU',
      email: 'autre@exemple.fr',
      mobile: '+33699999999',
      identifiant: 'g.reabu',
      state: 'ACTIVE',
      account_email: 'choisi@exemple.fr',
      password_hash: '$argon2id$x',
      franceconnect_sub: 'fc-1',
    });
  });

  it('un élève qui change d’école garde les comptes de ses responsables (continuité §1.3.5)', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const [before] = await q(
      `select a.id, a.identifiant from account a join guardian g on g.account_id = a.id where g.aaf_id = 'G1'`,
    );
    const moved = baseExport();
    moved.pupils![1] = pupil('P2', {
      first: 'Paul',
      last: 'REABU',
      uai: B,
      classId: 'K1',
      classLabel: 'PS-MS',
      level: 'MS',
      legal: ['G1'],
    });
    await importDirectory({ connectionString: url(), paths: [await writeExport(moved)] });
    const [p2] = await q(
      `select s.uai, c.label from pupil p join school s on s.id = p.school_id
        join school_class c on c.id = p.class_id where p.aaf_id = 'P2'`,
    );
    expect(p2).toEqual({ uai: B, label: 'PS-MS' });
    const [after] = await q(
      `select a.id, a.identifiant from account a join guardian g on g.account_id = a.id where g.aaf_id = 'G1'`,
    );
    expect(after).toEqual(before);
    // Class C2 of school A has no pupil any more: detached, not destroyed.
    const [c2] = await q(`select detached_at from school_class where aaf_id = 'C2'`);
    expect(c2.detached_at).toBeInstanceOf(Date);
  });

  it('ce qui disparaît d’un export complet est détaché, jamais détruit', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const smaller = baseExport();
    smaller.pupils = smaller.pupils!.filter((p) => p.id !== 'P6');
    smaller.guardians = smaller.guardians!.filter((g) => g.id !== 'G7');
    smaller.agents = smaller.agents!.filter((a) => a.id !== 'D2');
    const s = await importDirectory({ connectionString: url(), paths: [await writeExport(smaller)] });
    expect(s.comptesDetaches).toBe(1);
    const [p6] = await q(`select school_id, class_id, detached_at from pupil where aaf_id = 'P6'`);
    expect(p6.school_id).toBeNull();
    expect(p6.detached_at).toBeInstanceOf(Date);
    const [g7] = await q(
      `select g.detached_at, a.identifiant from guardian g join account a on a.id = g.account_id where g.aaf_id = 'G7'`,
    );
    expect(g7.detached_at).toBeInstanceOf(Date);
    expect(g7.identifiant).toBe('g.reabu1');
    const [d2] = await q(
      `select a.detached_at, (select count(*)::int from agent_school x where x.agent_id = a.id) as schools
        from agent a where aaf_id = 'D2'`,
    );
    expect(d2.detached_at).toBeInstanceOf(Date);
    expect(d2.schools).toBe(0);
    // Coming back re-attaches, with the same account.
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const [back] = await q(
      `select g.detached_at, a.identifiant from guardian g join account a on a.id = g.account_id where g.aaf_id = 'G7'`,
    );
    expect(back).toEqual({ detached_at: null, identifiant: 'g.reabu1' });
  });

  it('un identifiant n’est jamais réutilisé', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const next = baseExport();
    next.pupils!.push(pupil('P9', { first: 'Tom', last: 'REABU', uai: B, classId: 'K1', legal: ['G9'] }));
    next.guardians!.push(guardian('G9', { first: 'Gérard', last: 'Réabu', pupils: ['P9'] }));
    await importDirectory({ connectionString: url(), paths: [await writeExport(next)] });
    const [g9] = await q(
      `select a.identifiant from guardian g join account a on a.id = g.account_id where g.aaf_id = 'G9'`,
    );
    expect(g9.identifiant).toBe('g.reabu2');
  });

  it('applique un export delta : modifications partielles, arrivées, départs', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const delta = await writeExport(
      {
        pupils: [
          { op: 'modify', id: 'P1', attrs: { ENTPersonClasses: `${A}$0$0$C2$CM1/CM2`, ENTEleveNiveau: 'CM1' } },
          { op: 'delete', id: 'P6' },
          pupil('P10', { first: 'Lina', last: 'NOUVELLE', uai: B, classId: 'K1', legal: ['G10'] }),
        ],
        guardians: [
          { op: 'modify', id: 'G2', attrs: { ENTPersonMail: 'camille@exemple.fr' } },
          guardian('G10', { first: 'Sarah', last: 'NOUVELLE', pupils: ['P10'], email: 'sarah@exemple.fr' }),
        ],
      },
      { delta: true },
    );
    const s = await importDirectory({ connectionString: url(), paths: [delta] });
    expect(s).toMatchObject({ mode: 'delta', comptesCrees: 1 });
    const [p1] = await q(
      `select p.last_name, p.level, c.aaf_id, p.birth_date from pupil p
        join school_class c on c.id = p.class_id where p.aaf_id = 'P1'`,
    );
    expect(p1).toMatchObject({ last_name: 'REABU', level: 'CM1', aaf_id: 'C2' });
    const [g2] = await q(`select email, mobile, last_name from guardian where aaf_id = 'G2'`);
    expect(g2).toEqual({ email: 'camille@exemple.fr', mobile: '+33711223344', last_name: "N'DIAYE" });
    const [p6] = await q(`select detached_at from pupil where aaf_id = 'P6'`);
    expect(p6.detached_at).toBeInstanceOf(Date);
    const [g10] = await q(
      `select a.identifiant from guardian g join account a on a.id = g.account_id where g.aaf_id = 'G10'`,
    );
    expect(g10.identifiant).toBe('s.nouvelle');
    // Everything not in the delta is untouched.
    expect((await q(`select count(*)::int as n from guardian where detached_at is not null`))[0].n).toBe(0);
  });

  it('comptes d’un delta : nouveaux responsables à leur arrivée, responsables connus devenus éligibles', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const delta = await writeExport(
      {
        pupils: [
          // P4 is admitted for good: G4, known without an account, now needs one.
          { op: 'modify', id: 'P4', attrs: { ENTEleveAdmission: 'DEFINITIVE' } },
          pupil('P11', { first: 'Rose', last: 'PROVISOIRE', uai: B, classId: 'K1', legal: ['G11', 'G12'] }),
          // A new pupil provisionally admitted: his new legal guardian gets no account.
          pupil('P12', { first: 'Tom', last: 'ATTENTE', uai: B, classId: 'K1', legal: ['G13'], provisional: true }),
        ],
        guardians: [
          guardian('G11', { first: 'Isabelle', last: 'PROVISOIRE', pupils: ['P11'] }),
          // G12 is legal through P11's record though his own record does not cite her.
          guardian('G12', { first: 'Yves', last: 'PROVISOIRE', pupils: [] }),
          guardian('G13', { first: 'Léo', last: 'ATTENTE', pupils: ['P12'] }),
          // A new contact only (no pupil lists him as legal guardian): no account.
          guardian('G14', { first: 'Ivan', last: 'PROVISOIRE', pupils: ['P11'] }),
        ],
      },
      { delta: true },
    );
    const s = await importDirectory({ connectionString: url(), paths: [delta] });
    expect(s).toMatchObject({ mode: 'delta', comptesCrees: 3 });
    const accounts = await q(
      `select g.aaf_id, a.identifiant, a.state from guardian g left join account a on a.id = g.account_id
        where g.aaf_id in ('G4', 'G11', 'G12', 'G13', 'G14') order by g.aaf_id`,
    );
    // In one import, the base i.provisoire numbers the new guardians first, then the known ones.
    expect(accounts).toEqual([
      { aaf_id: 'G11', identifiant: 'i.provisoire', state: 'NON_NOTIFIE' },
      { aaf_id: 'G12', identifiant: 'y.provisoire', state: 'NON_NOTIFIE' },
      { aaf_id: 'G13', identifiant: null, state: null },
      { aaf_id: 'G14', identifiant: null, state: null },
      { aaf_id: 'G4', identifiant: 'i.provisoire1', state: 'NON_NOTIFIE' },
    ]);
    // The same export again creates nothing more.
    expect(await importDirectory({ connectionString: url(), paths: [delta] })).toMatchObject({ comptesCrees: 0 });
  });

  it('un responsable qui perd l’autorité parentale reste un contact si sa fiche cite l’élève', async () => {
    await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
    const links = () =>
      q(
        `select p.aaf_id as p, g.aaf_id as g, l.legal from guardian_link l join pupil p on p.id = l.pupil_id
          join guardian g on g.id = l.guardian_id where p.aaf_id = 'P1' order by 2`,
      );
    await importDirectory({
      connectionString: url(),
      paths: [
        await writeExport(
          { pupils: [{ op: 'modify', id: 'P1', attrs: { ENTEleveAutoriteParentale: ['G1$1'] } }] },
          { delta: true },
        ),
      ],
    });
    expect(await links()).toEqual([
      { p: 'P1', g: 'G1', legal: true },
      { p: 'P1', g: 'G2', legal: false },
      { p: 'P1', g: 'G6', legal: false },
    ]);
    // G6 (a contact) becomes legal through the pupil's record, then G6's own record stops citing P1.
    await importDirectory({
      connectionString: url(),
      paths: [
        await writeExport(
          {
            pupils: [{ op: 'modify', id: 'P1', attrs: { ENTEleveAutoriteParentale: ['G1$1', 'G6$1'] } }],
            guardians: [{ op: 'modify', id: 'G2', attrs: { ENTPersRelEleveEleve: [] } }],
          },
          { delta: true },
        ),
      ],
    });
    expect(await links()).toEqual([
      { p: 'P1', g: 'G1', legal: true },
      { p: 'P1', g: 'G6', legal: true },
    ]);
    const [g6] = await q(
      `select a.identifiant from guardian g join account a on a.id = g.account_id where g.aaf_id = 'G6'`,
    );
    expect(g6.identifiant).toBe('m.reabu');
  });

  describe('refus : message précis et base inchangée', () => {
    async function expectRefused(content: FixtureExport | string, message: RegExp, opts: { delta?: boolean } = {}) {
      await importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] });
      const before = await snapshot();
      const dir = typeof content === 'string' ? content : await writeExport(content, opts);
      await expect(importDirectory({ connectionString: url(), paths: [dir] })).rejects.toThrow(message);
      expect(await snapshot()).toEqual(before);
      const [last] = await q(`select outcome, error from directory_import order by id desc limit 1`);
      expect(last.outcome).toBe('FAILED');
      expect(last.error).toMatch(message);
    }

    it('identifiant en double', async () => {
      const e = baseExport();
      e.pupils!.push(pupil('P2', { first: 'Paul', last: 'DOUBLON', uai: A, legal: ['G1'] }));
      await expectRefused(
        e,
        /ENT_TEST_Complet_20261128_Eleve_0000\.xml, ligne 11 : identifiant élève « P2 » en double \(déjà présent : ENT_TEST_Complet_20261128_Eleve_0000\.xml, ligne 6\)/,
      );
    });

    it('établissement inconnu', async () => {
      const e = baseExport();
      e.pupils!.push(pupil('P11', { first: 'Max', last: 'AILLEURS', uai: '0999999Z', legal: ['G1'] }));
      await expectRefused(
        e,
        /Eleve_0000\.xml, ligne 11 : l'élève « P11 » est rattaché à un établissement inconnu \(0999999Z\)/,
      );
    });

    it('lien vers une personne absente', async () => {
      const e = baseExport();
      e.pupils![0] = pupil('P1', { first: 'Alice', last: 'REABU', uai: A, legal: ['G1', 'G404'] });
      await expectRefused(
        e,
        /Eleve_0000\.xml, ligne 5 : l'élève « P1 » a pour responsable légal « G404 », absent de l'export/,
      );
    });

    it('responsable lié à un élève absent', async () => {
      const e = baseExport();
      e.guardians!.push(guardian('G12', { first: 'Luc', last: 'ORPHELIN', pupils: ['P404'] }));
      await expectRefused(e, /PersRelEleve_0000\.xml, ligne 12 : le responsable « G12 » est lié à l'élève « P404 »/);
    });

    it('fichier tronqué', async () => {
      const dir = await writeExport(baseExport());
      const f = path.join(dir, 'ENT_TEST_Complet_20261128_Eleve_0000.xml');
      const text = fs.readFileSync(f);
      fs.writeFileSync(f, text.subarray(0, Math.floor(text.length * 0.6)));
      await expectRefused(dir, /ENT_TEST_Complet_20261128_Eleve_0000\.xml, ligne \d+ : XML mal formé/);
    });

    it('mauvais encodage', async () => {
      const dir = await writeExport(baseExport(), { guardiansEncoding: 'ISO-8859-15' });
      const f = path.join(dir, 'ENT_TEST_Complet_20261128_PersRelEleve_0000.xml');
      fs.writeFileSync(f, fs.readFileSync(f, 'latin1').replace('encoding="ISO-8859-15"', 'encoding="UTF-8"'), 'latin1');
      await expectRefused(dir, /PersRelEleve_0000\.xml, ligne \d+ : octets invalides pour l'encodage déclaré UTF-8/);
    });

    it('export complet sans une catégorie', async () => {
      const e = baseExport();
      delete e.guardians;
      await expectRefused(e, /export complet incomplet : il manque les fichiers PersRelEleve/);
    });

    it('modification d’un élève inconnu dans un delta', async () => {
      await expectRefused(
        { pupils: [{ op: 'modify', id: 'P404', attrs: { ENTEleveNiveau: 'CP' } }] },
        /modification d'un élève inconnu \(« P404 »\)/,
        { delta: true },
      );
    });
  });

  describe('garde contre les détachements massifs (export complet)', () => {
    /** Adds to `e` a class of `n` families in school A (pupils `<tag>Q<i>`, guardians `<tag>H<i>`). */
    function addClass(e: FixtureExport, n: number, { level = 'CE1', tag = '' } = {}): FixtureExport {
      for (let i = 0; i < n; i++) {
        e.pupils!.push(
          pupil(`${tag}Q${i}`, {
            ...{ first: 'Élève', last: `FAMILLE${tag}${i}`, uai: A, classId: `C9${tag}`, level },
            legal: [`${tag}H${i}`],
          }),
        );
        e.guardians!.push(
          guardian(`${tag}H${i}`, { first: 'Parent', last: `FAMILLE${tag}${i}`, pupils: [`${tag}Q${i}`] }),
        );
      }
      return e;
    }
    /** Base export plus a class of `n` families in school A: what a missing chunk would take away. */
    const withClass = (n: number) => addClass(baseExport(), n);

    it('un morceau manquant : refusé avant tout détachement, école et nombres nommés ; --force passe', async () => {
      await importDirectory({ connectionString: url(), paths: [await writeExport(withClass(30))] });
      const before = await snapshot();
      const dropped = withClass(30);
      dropped.pupils = dropped.pupils!.filter((p) => !/^Q(1\d|2\d)$/.test(p.id));
      dropped.guardians = dropped.guardians!.filter((g) => !/^H(1\d|2\d)$/.test(g.id));
      const dir = await writeExport(dropped);
      await expect(importDirectory({ connectionString: url(), paths: [dir] })).rejects.toThrow(
        new RegExp(
          `export complet refusé avant tout détachement : .*${A} E\\.E\\.PU-LES TILLEULS-TOULOUSE : ` +
            `20 élèves sur 35 \\(57 %\\), 20 responsables sur \\d+ \\(\\d+ %\\)\\..*--force`,
        ),
      );
      expect(await snapshot()).toEqual(before);
      const [last] = await q(`select outcome, error from directory_import order by id desc limit 1`);
      expect(last.outcome).toBe('FAILED');
      expect(last.error).toContain('20 élèves sur 35');

      // The operator's setting: a higher share lets this one through without --force.
      process.env.IMPORT_DETACH_MAX_PERCENT = '60';
      try {
        const relaxed = await importDirectory({ connectionString: url(), paths: [dir] });
        expect(relaxed.comptesDetaches).toBe(20);
      } finally {
        delete process.env.IMPORT_DETACH_MAX_PERCENT;
      }
      await importDirectory({ connectionString: url(), paths: [await writeExport(withClass(30))] });
      const forced = await importDirectory({ connectionString: url(), paths: [dir], force: true });
      expect(forced.comptesDetaches).toBe(20);
      const [{ n }] = await q(`select count(*)::int as n from pupil where aaf_id like 'Q%' and detached_at is null`);
      expect(n).toBe(10);
    });

    it('une école entière absente : refusé même pour un élève ; 10 départs ou moins ne sont pas massifs', async () => {
      await importDirectory({ connectionString: url(), paths: [await writeExport(withClass(10))] });
      const withoutB = withClass(10);
      withoutB.schools = withoutB.schools!.filter((sc) => sc.id !== B);
      withoutB.pupils = withoutB.pupils!.filter((p) => p.id !== 'P6');
      withoutB.guardians = withoutB.guardians!.filter((g) => g.id !== 'G7');
      withoutB.agents = withoutB.agents!.filter((a) => a.id !== 'D2');
      withoutB.agents![0] = director('D1', 'Élise', 'DUBOIS', 'elise.dubois@ac-toulouse.fr', [A]);
      await expect(importDirectory({ connectionString: url(), paths: [await writeExport(withoutB)] })).rejects.toThrow(
        `${B} E.M.PU-JEAN MOULIN-ALBI : école absente de l'export (1 élèves rattachés)`,
      );
      // The ten families of the class leave (10 of 15 pupils): not more than 10, so not a mass change.
      const smaller = withClass(0);
      const s = await importDirectory({ connectionString: url(), paths: [await writeExport(smaller)] });
      expect(s.comptesDetaches).toBe(10);
    });

    it('les élèves de CM2 qui partent ne comptent pas : l’école primaire finit avec le CM2', async () => {
      // A school of CM1–CM2 in June: the CM2 class leaves (20 of 35 pupils, with their parents).
      const june = () => addClass(addClass(baseExport(), 30, { level: 'CM2' }), 15, { tag: 'R' });
      const leave = (e: FixtureExport, pupils: RegExp, guardians: RegExp) => {
        e.pupils = e.pupils!.filter((p) => !pupils.test(p.id));
        e.guardians = e.guardians!.filter((g) => !guardians.test(g.id));
        return e;
      };
      await importDirectory({ connectionString: url(), paths: [await writeExport(june())] });
      const september = leave(june(), /^Q(1\d|2\d)$/, /^H(1\d|2\d)$/);
      const s = await importDirectory({ connectionString: url(), paths: [await writeExport(september)] });
      expect(s.comptesDetaches).toBe(20);
      const [{ n }] = await q(`select count(*)::int as n from pupil where aaf_id like 'Q%' and detached_at is null`);
      expect(n).toBe(10);

      // The same June, and a chunk missing besides: the other pupils who leave are still counted, against the
      // school's pupils without the CM2 who leave.
      await importDirectory({ connectionString: url(), paths: [await writeExport(june())] });
      const before = await snapshot();
      const both = leave(june(), /^(Q(1\d|2\d)|RQ([0-9]|1[01]))$/, /^(H(1\d|2\d)|RH([0-9]|1[01]))$/);
      await expect(importDirectory({ connectionString: url(), paths: [await writeExport(both)] })).rejects.toThrow(
        new RegExp(
          `${A} E\\.E\\.PU-LES TILLEULS-TOULOUSE : 12 élèves sur 30 \\(40 %\\) ` +
            `hors 20 élèves de CM2 qui quittent l'école primaire, 12 responsables sur \\d+`,
        ),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('une limite mal écrite est une erreur de configuration claire', async () => {
      process.env.IMPORT_DETACH_MAX_PERCENT = 'vingt';
      try {
        await expect(
          importDirectory({ connectionString: url(), paths: [await writeExport(baseExport())] }),
        ).rejects.toThrow('IMPORT_DETACH_MAX_PERCENT attend un nombre entier entre 0 et 100 (reçu : « vingt »).');
      } finally {
        delete process.env.IMPORT_DETACH_MAX_PERCENT;
      }
    });
  });

  it('importe un export généré, puis le même sans rien changer, puis un delta', async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'aaf-gen-'));
    const gen = await generateAaf({ outDir: dir, schools: 6, pupilsPerSchool: 80, seed: 42, chunkSize: 200 });
    expect(gen.files.filter((f) => f.includes('_Eleve_'))).toHaveLength(3);
    const first = await importDirectory({ connectionString: url(), paths: [dir] });
    expect(first.eleves).toBe(480);
    expect(first.ecoles).toBe(6);
    expect(first.comptesCrees).toBeGreaterThan(400);
    const before = await snapshot();
    const again = await importDirectory({ connectionString: url(), paths: [dir] });
    expect(again).toMatchObject({ comptesCrees: 0, comptesMisAJour: 0, comptesDetaches: 0 });
    expect(await snapshot()).toEqual(before);
    const deltaDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'aaf-delta-'));
    const d = await generateAaf({ outDir: deltaDir, schools: 6, pupilsPerSchool: 80, seed: 42, deltaPercent: 5 });
    expect(d.deltaRequests).toBeGreaterThan(10);
    const delta = await importDirectory({ connectionString: url(), paths: [deltaDir] });
    expect(delta.mode).toBe('delta');
    expect(delta.comptesCrees).toBeGreaterThan(0);
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(deltaDir, { recursive: true });
  });
});
