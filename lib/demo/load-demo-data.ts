/**
 * Demo data of `npm start`: a generated AAF export (lib/directory/aaf-generator.ts) loaded through
 * the real importer, then a few accounts brought to every state and origin so that every screen
 * has something to show. Loaded once: a database that already has schools is left alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { importDirectory } from '@/lib/directory/import-directory';
import { generateProvisionalPassword } from '@/lib/accounts/provisional-password';
import { encryptSecret } from '@/lib/accounts/secrets';
import { hashPassword } from '@/lib/accounts/password-hash';
import { withPgClient } from '@/lib/database/pg';
import { computeStats } from '@/lib/stats/compute-stats';

export const DEMO_EXPORT = { schools: 4, pupilsPerSchool: 60, seed: 2026 };

export async function loadDemoDataOnce({
  databaseUrl,
  log,
}: {
  databaseUrl: string;
  log: (m: string) => void;
}): Promise<boolean> {
  const schools = await withPgClient(
    async (c) => (await c.query<{ n: number }>('select count(*)::int as n from school')).rows[0].n,
    databaseUrl,
  );
  if (schools > 0) return false;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'educonnect-aaf-demo-'));
  log('génération d’un export AAF de démonstration…');
  let summary;
  try {
    await generateAaf({ outDir, ...DEMO_EXPORT });
    summary = await importDirectory({ connectionString: databaseUrl, paths: [outDir] });
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  log(`import : ${summary.ecoles} écoles, ${summary.eleves} élèves, ${summary.comptesCrees} comptes.`);
  await bringAccountsToEveryState(databaseUrl);
  await withPgClient((c) => computeStats(c), databaseUrl);
  return true;
}

/** In each school, some accounts notified, some being activated, some activated by each origin. */
async function bringAccountsToEveryState(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{
      id: number;
      school_id: number;
      email: string | null;
      mobile: string | null;
      rn: number;
    }>(`
      select distinct on (a.id) a.id, p.school_id, g.email, g.mobile,
             row_number() over (partition by p.school_id order by a.id) as rn
        from account a join guardian g on g.account_id = a.id
        join guardian_link l on l.guardian_id = g.id and l.legal join pupil p on p.id = l.pupil_id
       order by a.id`);
    const chosen = await hashPassword('Demo2026ok');
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    for (const a of rows) {
      const slot = a.rn % 10;
      if (slot === 1 || slot === 2) {
        const distributed = daysAgo(20);
        await client.query(
          `update account set state = 'NOTIFIE_NON_ACTIVE', origin = 'ETABLISSEMENT', provisional_password_enc = $2,
             distributed_at = $3, letter_valid_until = $3::timestamptz + interval '3 months' where id = $1`,
          [a.id, encryptSecret(generateProvisionalPassword()), distributed],
        );
      } else if (slot === 3) {
        await client.query(
          `update account set state = 'EN_COURS_ACTIVATION', origin = 'ETABLISSEMENT', password_hash = $2,
             email = coalesce($3, 'responsable' || id || '@exemple.fr'), distributed_at = $4, letter_valid_until = $4::timestamptz + interval '3 months',
             last_login_at = $5, password_changed_at = $5 where id = $1`,
          [a.id, chosen, a.email, daysAgo(15), daysAgo(10)],
        );
      } else if (slot === 4) {
        await client.query(
          `update account set state = 'ACTIVE', origin = 'ETABLISSEMENT', password_hash = $2, email = coalesce($3, 'responsable' || id || '@exemple.fr'),
             email_verified_at = $5, distributed_at = $4, letter_valid_until = $4::timestamptz + interval '3 months', last_login_at = $5, password_changed_at = $5 where id = $1`,
          [a.id, chosen, a.email, daysAgo(30), daysAgo(2)],
        );
      } else if (slot === 5 && a.mobile) {
        await client.query(
          `update account set state = 'ACTIVE', origin = 'RESPONSABLE', password_hash = $2, mobile = $3, last_login_at = $4, password_changed_at = $4 where id = $1`,
          [a.id, chosen, a.mobile, daysAgo(5)],
        );
      } else if (slot === 6 && a.mobile) {
        await client.query(
          `update account set state = 'ACTIVE', origin = 'FRANCECONNECT', franceconnect_sub = 'demo-fc-' || id, mobile = $2, last_login_at = $3 where id = $1`,
          [a.id, a.mobile, daysAgo(1)],
        );
      }
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback');
    throw e;
  } finally {
    await client.end();
  }
}

/** The agents who can sign in to the demo, with their schools. */
export async function demoSignIns(databaseUrl: string): Promise<{ email: string; schools: string }[]> {
  return withPgClient(
    async (c) =>
      (
        await c.query<{ email: string; schools: string }>(`
          select a.email, string_agg(s.uai || ' ' || s.name, ', ' order by s.uai) as schools
            from agent a join agent_school x on x.agent_id = a.id join school s on s.id = x.school_id
           where a.detached_at is null group by a.email order by count(*) desc, a.email limit 5`)
      ).rows,
    databaseUrl,
  );
}
