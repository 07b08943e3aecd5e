/**
 * Records recognised by their fingerprint (lib/directory/aaf/record-fingerprint.ts): the same
 * sequence of exports — full ones with renamed, departed, returning, dangling and duplicated
 * records, a school gone with its pupils still listed, a delta in between — imported into one
 * database that reads every record (IMPORT_FINGERPRINTS=0) and into another that recognises the
 * unchanged ones must leave the same directory, the same reports, the same records set aside and
 * the same refusals.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory, type ImportSummary } from '@/lib/directory/import/import-directory';
import { guardian, pupil, school, writeExport, type FixtureExport } from '@/tests/support/aaf-fixture';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

const A = '0310000G';
const B = '0310001H';

/** School A with 120 families, school B with 40; guardian Gm has a child in each school. */
function base(): Required<FixtureExport> {
  const e: Required<FixtureExport> = {
    schools: [school(A, 'E.E.PU-LES TILLEULS'), school(B, 'E.M.PU-JEAN MOULIN')],
    agents: [],
    pupils: [],
    guardians: [],
  };
  for (let i = 0; i < 160; i++) {
    const uai = i < 120 ? A : B;
    e.pupils.push(pupil(`P${i}`, { first: 'Élève', last: `FAMILLE${i}`, uai, classId: `C${i % 4}`, legal: [`G${i}`] }));
    e.guardians.push(guardian(`G${i}`, { first: 'Parent', last: `FAMILLE${i}`, pupils: [`P${i}`] }));
  }
  e.pupils.push(pupil('PmA', { first: 'Léa', last: 'MIXTE', uai: A, legal: ['Gm'] }));
  e.pupils.push(pupil('PmB', { first: 'Léo', last: 'MIXTE', uai: B, legal: ['Gm'] }));
  e.guardians.push(guardian('Gm', { first: 'Anne', last: 'MIXTE', pupils: ['PmA', 'PmB'] }));
  return e;
}

const without = (e: Required<FixtureExport>, ids: string[]) => ({
  ...e,
  pupils: e.pupils.filter((r) => !ids.includes(r.id)),
  guardians: e.guardians.filter((r) => !ids.includes(r.id)),
});

/** Each step: an export, and the share of records that may be set aside. */
function steps(): { label: string; dir: () => Promise<string>; maxSetAside?: string }[] {
  const e1 = base();
  return [
    { label: 'premier import', dir: () => writeExport(e1) },
    { label: 'le même export', dir: () => writeExport(e1) },
    {
      label: 'renommé, partis, références pendantes, nouvelle famille',
      dir: () => {
        const e = without(e1, ['G2', 'P3', 'P4', 'G4']);
        e.pupils = e.pupils.map((r) =>
          r.id === 'P1' ? pupil('P1', { first: 'Élève', last: 'RENOMMÉ', uai: A, legal: ['G1'] }) : r,
        );
        e.pupils.push(pupil('PN', { first: 'Nouveau', last: 'VENU', uai: A, legal: ['GN'] }));
        e.guardians.push(guardian('GN', { first: 'Parent', last: 'VENU', pupils: ['PN'] }));
        return writeExport(e);
      },
    },
    {
      label: "l'école B absente, ses élèves toujours listés",
      dir: () => writeExport({ ...e1, schools: [e1.schools[0]] }),
      maxSetAside: '50',
    },
    {
      label: 'un delta',
      dir: () =>
        writeExport(
          {
            pupils: [{ op: 'modify', id: 'P5', attrs: { ENTPersonJointure: 'P5', ENTPersonNom: 'DELTA' } }],
            guardians: [{ op: 'delete', id: 'G6', attrs: { ENTPersonJointure: 'G6' } }],
          },
          { delta: true },
        ),
    },
    { label: 'le premier export de retour', dir: () => writeExport(e1) },
    {
      label: 'un enregistrement en double',
      dir: () => writeExport({ ...e1, pupils: [...e1.pupils, e1.pupils[7]] }),
    },
    { label: 'le premier export encore', dir: () => writeExport(e1) },
  ];
}

/** What an import leaves, without what differs by nature (timestamps, fingerprints, durations). */
async function state(client: pg.Client) {
  const tables = ['school', 'school_class', 'pupil', 'guardian', 'guardian_link', 'account', 'director_row'];
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const { rows } = await client.query<{ j: Record<string, unknown> }>(`select row_to_json(x) as j from ${t} x`);
    out[t] = rows
      .map(({ j }) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(j)
              .filter(([k]) => k !== 'aaf_fingerprint' && k !== 'created_at' && k !== 'updated_at')
              .map(([k, v]) => (k.endsWith('_at') ? [k, v !== null] : [k, v])),
          ),
        ),
      )
      .sort();
  }
  const { rows: setAside } = await client.query(
    'select import_id, position, file, line, category, aaf_id, reason from directory_import_set_aside order by 1, 2',
  );
  return { ...out, setAside };
}

const comparable = (s: ImportSummary) => ({ ...s, dureeMs: 0 });

describe('empreintes des enregistrements', () => {
  const dbs: Record<'lu' | 'reconnu', TestDatabase> = {} as never;
  const clients: Record<'lu' | 'reconnu', pg.Client> = {} as never;
  beforeAll(async () => {
    for (const k of ['lu', 'reconnu'] as const) {
      dbs[k] = await createTestDatabase(`fp_${k}`);
      clients[k] = new pg.Client({ connectionString: dbs[k].url });
      await clients[k].connect();
    }
  });
  afterAll(async () => {
    for (const k of ['lu', 'reconnu'] as const) {
      await clients[k]?.end();
      await dbs[k]?.drop();
    }
  });

  it('tout lire ou reconnaître les inchangés : même annuaire, mêmes rapports, mêmes refus', async () => {
    const saved = { fp: process.env.IMPORT_FINGERPRINTS, max: process.env.IMPORT_SET_ASIDE_MAX_PERCENT };
    const recognised: number[] = [];
    try {
      for (const step of steps()) {
        const dir = await step.dir();
        const outcome = {} as Record<'lu' | 'reconnu', unknown>;
        for (const k of ['lu', 'reconnu'] as const) {
          process.env.IMPORT_FINGERPRINTS = k === 'lu' ? '0' : '1';
          if (step.maxSetAside) process.env.IMPORT_SET_ASIDE_MAX_PERCENT = step.maxSetAside;
          else delete process.env.IMPORT_SET_ASIDE_MAX_PERCENT;
          const messages: string[] = [];
          outcome[k] = await importDirectory({
            connectionString: dbs[k].url,
            paths: [dir],
            progress: (m) => messages.push(m),
          }).then(comparable, (e: Error) => ({ refused: e.message }));
          if (k === 'reconnu') {
            const m = messages.map((x) => /^(\d+) enregistrement\(s\) reconnus/.exec(x)).find(Boolean);
            recognised.push(m ? Number(m[1]) : 0);
          }
        }
        expect(outcome.reconnu, step.label).toEqual(outcome.lu);
        expect(await state(clients.reconnu), step.label).toEqual(await state(clients.lu));
      }
    } finally {
      for (const [k, v] of [
        ['IMPORT_FINGERPRINTS', saved.fp],
        ['IMPORT_SET_ASIDE_MAX_PERCENT', saved.max],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    // The second database did recognise records: all 323 pupils and guardians the second time, then
    // everything unchanged since the night before (a delta reads no fingerprint).
    expect(recognised[0]).toBe(0);
    expect(recognised[1]).toBe(323);
    expect(recognised.slice(2).every((n, i) => (i === 2 ? n === 0 : n > 200))).toBe(true);
  });
});
