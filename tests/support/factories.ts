import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { encryptSecret } from '@/lib/accounts/secrets';
import { hashPassword } from '@/lib/accounts/password-hash';

/**
 * Factories of test data straight in the database (tests run in parallel on one database: each
 * test makes its own school, so no two tests see each other's rows).
 */
export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const UAI_KEY = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * A school of its own for one test (tests run in parallel on one database), under a random UAI; one
 * already taken (another test's, or the database's own) is drawn again.
 */
export async function createSchool(name = 'E.E.PU-ÉCOLE DE TEST'): Promise<{ id: number; uai: string; name: string }> {
  return withDb(async (c) => {
    for (;;) {
      const digits = String(9000000 + Math.floor(Math.random() * 999999)).padStart(7, '0');
      const uai = digits + UAI_KEY[Number(digits) % 23];
      const { rows } = await c.query<{ id: number }>(
        `insert into school (uai, name, academie) values ($1, $2, 'TOULOUSE')
         on conflict (uai) do nothing returning id`,
        [uai, `${name} ${uai}`],
      );
      if (rows.length) return { id: rows[0].id, uai, name: `${name} ${uai}` };
    }
  });
}

/** A director of the given schools, known from the directory. */
export async function createDirector(
  schools: { id: number }[],
  firstName = 'Camille',
  lastName = 'TESTEUR',
): Promise<{ id: number; email: string; firstName: string; lastName: string }> {
  const suffix = randomBytes(4).toString('hex');
  const email = `directeur.${suffix}@ac-toulouse.fr`;
  const id = await withDb(async (c) => {
    const { rows } = await c.query<{ id: number }>(
      `insert into agent (aaf_id, email, first_name, last_name) values ($1, $2, $3, $4) returning id`,
      [`T${suffix}`, email, firstName, lastName],
    );
    for (const s of schools)
      await c.query('insert into agent_school (agent_id, school_id) values ($1, $2)', [rows[0].id, s.id]);
    return rows[0].id;
  });
  return { id, email, firstName, lastName };
}

type State = 'NON_NOTIFIE' | 'NOTIFIE_NON_ACTIVE' | 'EN_COURS_ACTIVATION' | 'ACTIVE';

/** A pupil of `school` in class `classLabel`, with one legal guardian per given account state. */
export async function createFamily(
  school: { id: number },
  p: {
    first: string;
    last: string;
    classLabel: string;
    level: string;
    /** Out of the director scope (guide §1.3.1): no INE, provisionally admitted, no class, detached. */
    ineligible?: 'sans-ine' | 'provisoire' | 'sans-classe' | 'detache';
    /** YYYY-MM-DD; 2018-05-14 by default. */
    birthDate?: string;
    guardians: {
      /** The directory's mobile, E.164. */
      mobile?: string;
      first: string;
      last?: string;
      state: State;
      email?: string;
      origin?: string;
      lastLoginAt?: string;
      distributedAt?: string;
      provisional?: string;
      /** When the letter's provisional password stops working. */
      letterValidUntil?: string;
      chosen?: boolean;
      /** A real chosen password (argon2id-hashed), with the e-mail address validated. */
      password?: string;
      accountId?: number;
      /** A contact only: the pupil's record does not give them parental authority. */
      contact?: boolean;
      /** An account merged into another one (regroupement): deleted. */
      merged?: boolean;
    }[];
  },
) {
  const suffix = randomBytes(4).toString('hex');
  return withDb(async (c) => {
    const { rows: cls } = await c.query<{ id: number }>(
      `insert into school_class (school_id, aaf_id, label) values ($1, $2, $2)
       on conflict (school_id, aaf_id) do update set label = excluded.label returning id`,
      [school.id, p.classLabel],
    );
    const { rows: pupil } = await c.query<{ id: number }>(
      `insert into pupil (aaf_id, ine, last_name, first_name, birth_date, school_id, class_id, level, admitted,
                          detached_at)
       values ($1, $2, $3, $4, $10, $5, $6, $7, $8, $9) returning id`,
      [
        `E${suffix}`,
        p.ineligible === 'sans-ine' ? null : `INE${suffix}`,
        p.last,
        p.first,
        p.ineligible === 'detache' ? null : school.id,
        p.ineligible === 'sans-classe' || p.ineligible === 'detache' ? null : cls[0].id,
        p.level,
        p.ineligible !== 'provisoire',
        p.ineligible === 'detache' ? new Date() : null,
        p.birthDate ?? '2018-05-14',
      ],
    );
    const accounts: { id: number; identifiant: string }[] = [];
    for (const [i, g] of p.guardians.entries()) {
      const last = g.last ?? p.last;
      let accountId = g.accountId;
      let identifiant = '';
      if (!accountId) {
        identifiant = `${g.first[0].toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}${suffix}${i}`;
        const { rows: acc } = await c.query<{ id: number }>(
          `insert into account (identifiant, state, origin, email, last_login_at, distributed_at,
            provisional_password_enc, password_hash, letter_valid_until)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
          [
            identifiant,
            g.state,
            g.origin ?? (g.state === 'NON_NOTIFIE' ? 'NON_RENSEIGNE' : 'ETABLISSEMENT'),
            g.email ?? null,
            g.lastLoginAt ?? null,
            g.distributedAt ?? null,
            g.provisional ? encryptSecret(g.provisional) : null,
            g.password ? await hashPassword(g.password) : g.chosen ? '$argon2id$v=19$m=19456,t=2,p=1$test$test' : null,
            g.letterValidUntil ?? null,
          ],
        );
        if (g.password) await c.query(`update account set email_verified_at = now() where id = $1`, [acc[0].id]);
        if (g.merged) await c.query(`update account set deleted_at = now() where id = $1`, [acc[0].id]);
        accountId = acc[0].id;
      }
      const { rows: gu } = await c.query<{ id: number }>(
        `insert into guardian (aaf_id, last_name, first_name, account_id, mobile) values ($1, $2, $3, $4, $5)
         returning id`,
        [`R${suffix}${i}`, last, g.first, accountId, g.mobile ?? null],
      );
      await c.query(`insert into guardian_link (pupil_id, guardian_id, legal) values ($1, $2, $3)`, [
        pupil[0].id,
        gu[0].id,
        !g.contact,
      ]);
      accounts.push({ id: accountId, identifiant });
    }
    return { pupilId: pupil[0].id, accounts };
  });
}

/**
 * One school and, per address, a family to notify by e-mail: a pupil of CM1 (« Élève0 », « Élève1 »…,
 * accented on purpose) and one legal guardian with that address, account « Non notifié ».
 */
export async function familiesToNotify(last: string, emails: string[]) {
  const school = await createSchool();
  const rows: { pupilId: number; accountId: number }[] = [];
  for (const [i, email] of emails.entries()) {
    const f = await createFamily(school, {
      first: `Élève${i}`,
      last,
      classLabel: 'CM1',
      level: 'CM1',
      guardians: [{ first: `Parent${i}`, state: 'NON_NOTIFIE', email }],
    });
    rows.push({ pupilId: f.pupilId, accountId: f.accounts[0].id });
  }
  return { school, rows };
}
