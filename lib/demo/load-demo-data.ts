/**
 * Demo data of `npm start`: a generated AAF export (lib/directory/generate) loaded through the real
 * importer, then a few accounts brought to every state and origin so that every screen has
 * something to show. Loaded once: a database that already has schools is left alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { importDirectory } from '@/lib/directory/import/import-directory';
import { generateProvisionalPassword } from '@/lib/accounts/provisional-password';
import { encryptSecret } from '@/lib/accounts/secrets';
import { hashPassword } from '@/lib/accounts/password-hash';
import { db } from '@/lib/db';
import { computeStats } from '@/lib/stats/compute-stats';

export const DEMO_EXPORT = { schools: 4, pupilsPerSchool: 60, seed: 2026 };

/** Loads the demo data into the database of DATABASE_URL (set by the launcher), once. */
export async function loadDemoDataOnce({ log }: { log: (m: string) => void }): Promise<boolean> {
  if ((await db.school.count()) > 0) return false;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'educonnect-aaf-demo-'));
  log('génération d’un export AAF de démonstration…');
  let summary;
  try {
    await generateAaf({ outDir, ...DEMO_EXPORT });
    summary = await importDirectory({ connectionString: process.env.DATABASE_URL!, paths: [outDir] });
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  log(`import : ${summary.ecoles} écoles, ${summary.eleves} élèves, ${summary.comptesCrees} comptes.`);
  await bringAccountsToEveryState();
  await computeStats();
  return true;
}

/** In each school, some accounts notified, some being activated, some activated by each origin. */
async function bringAccountsToEveryState() {
  const chosen = await hashPassword('Demo2026ok');
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
  const months3 = (d: Date) => new Date(d.getTime() + 92 * 86_400_000);
  await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: number; email: string | null; mobile: string | null; rn: bigint }[]>`
        select distinct on (s.account_id) s.account_id as id, s.guardian_email as email, s.guardian_mobile as mobile,
               row_number() over (partition by s.school_id order by s.account_id) as rn
          from director_scope s order by s.account_id`;
      for (const a of rows) {
        const slot = Number(a.rn) % 10;
        const email = a.email ?? `responsable${a.id}@exemple.fr`;
        if (slot === 1 || slot === 2) {
          await tx.account.update({
            where: { id: a.id },
            data: {
              state: 'NOTIFIE_NON_ACTIVE',
              origin: 'ETABLISSEMENT',
              provisionalPasswordEnc: encryptSecret(generateProvisionalPassword()),
              distributedAt: daysAgo(20),
              letterValidUntil: months3(daysAgo(20)),
            },
          });
        } else if (slot === 3 || slot === 4) {
          const activated = slot === 4;
          await tx.account.update({
            where: { id: a.id },
            data: {
              state: activated ? 'ACTIVE' : 'EN_COURS_ACTIVATION',
              origin: 'ETABLISSEMENT',
              passwordHash: chosen,
              email,
              emailVerifiedAt: activated ? daysAgo(2) : null,
              distributedAt: daysAgo(activated ? 30 : 15),
              letterValidUntil: months3(daysAgo(activated ? 30 : 15)),
              lastLoginAt: daysAgo(activated ? 2 : 10),
              passwordChangedAt: daysAgo(activated ? 2 : 10),
            },
          });
        } else if (slot === 5 && a.mobile) {
          await tx.account.update({
            where: { id: a.id },
            data: {
              state: 'ACTIVE',
              origin: 'RESPONSABLE',
              passwordHash: chosen,
              mobile: a.mobile,
              lastLoginAt: daysAgo(5),
              passwordChangedAt: daysAgo(5),
            },
          });
        } else if (slot === 6 && a.mobile) {
          await tx.account.update({
            where: { id: a.id },
            data: {
              state: 'ACTIVE',
              origin: 'FRANCECONNECT',
              franceConnectSub: `demo-fc-${a.id}`,
              mobile: a.mobile,
              lastLoginAt: daysAgo(1),
            },
          });
        }
      }
    },
    { timeout: 60_000 },
  );
}

/** The agents who can sign in to the demo, with their schools. */
export async function demoSignIns(): Promise<{ email: string; schools: string }[]> {
  return db.$queryRaw<{ email: string; schools: string }[]>`
    select a.email, string_agg(s.uai || ' ' || s.name, ', ' order by s.uai) as schools
      from agent a join agent_school x on x.agent_id = a.id join school s on s.id = x.school_id
     where a.detached_at is null group by a.email order by count(*) desc, a.email limit 5`;
}
