/**
 * Phase « guard »: a full export that would detach a large share of a school's pupils or
 * guardians, or leaves out a whole school, is refused before anything is detached (issue
 * « Hardening », item 1). A chunk missing from the nightly drop looks exactly like that, and
 * detaching is what makes accounts disappear from the directors' lists. A real mass change goes
 * through with `--force` (`npm run cli -- import --force …`).
 */
import type { ImportContext } from '@/lib/directory/import/context';
import { notSetAside } from '@/lib/directory/import/set-aside';
import { importRefused } from '@/lib/directory/import/errors';
import { envNumber } from '@/lib/config/env-number';

export interface DetachmentLimits {
  /** Share of a school's pupils, or of its guardians, that one import may detach (0–1). */
  maxShare: number;
  /** Below this many people, a school's departures are never a mass change (a small school's class). */
  minPeople: number;
}

/** IMPORT_DETACH_MAX_PERCENT (default 20) and IMPORT_DETACH_MIN_PEOPLE (default 10). */
export function detachmentLimits(env: NodeJS.ProcessEnv = process.env): DetachmentLimits {
  return {
    maxShare: envNumber(env, 'IMPORT_DETACH_MAX_PERCENT', 20, { max: 100 }) / 100,
    minPeople: envNumber(env, 'IMPORT_DETACH_MIN_PEOPLE', 10, { max: 1_000_000 }),
  };
}

interface SchoolDepartures {
  uai: string;
  name: string;
  /** Attached pupils, but those of CM2 leaving. */
  pupils: number;
  pupils_leaving: number;
  /** Pupils of CM2 leaving: the end of the first degree, not counted. */
  pupils_ending_primary: number;
  guardians: number;
  guardians_leaving: number;
  school_missing: boolean;
}

const SCHOOLS_NAMED = 10;
const percent = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(whole, 1))} %`;

function describe(s: SchoolDepartures): string {
  if (s.school_missing) {
    const attached = s.pupils + s.pupils_ending_primary;
    return `${s.uai} ${s.name} : école absente de l'export (${attached} élèves rattachés)`;
  }
  const ending = s.pupils_ending_primary
    ? ` hors ${s.pupils_ending_primary} élèves de CM2 qui quittent l'école primaire`
    : '';
  return (
    `${s.uai} ${s.name} : ${s.pupils_leaving} élèves sur ${s.pupils} (${percent(s.pupils_leaving, s.pupils)})` +
    `${ending}, ${s.guardians_leaving} responsables sur ${s.guardians} ` +
    `(${percent(s.guardians_leaving, s.guardians)})`
  );
}

/**
 * Counts, per school with attached pupils, the pupils and the guardians (through their links to
 * those pupils) that the full export no longer lists (`findDepartures`), and refuses if any school
 * passes the limits. Runs after the merges (a pupil who changed school counts in the new one) and
 * before `detachAbsent`. Pupils of CM2 who leave are not counted, nor in the school's total, nor
 * their guardians unless another child keeps them in the school: the first degree ends with CM2,
 * and every summer a school of CM1–CM2 (a rural RPI's) loses half its pupils that way.
 */
export async function guardDetachments(
  ctx: ImportContext,
  { force, limits = detachmentLimits() }: { force: boolean; limits?: DetachmentLimits },
): Promise<void> {
  if (ctx.mode !== 'complet') return;
  const { rows } = await ctx.client.query<SchoolDepartures>(
    // The departures (findDepartures, detach-absent.ts), then totals only for the schools whose
    // departures could pass the limits — each total one pass over all of them, not one subquery per
    // school (which hashed every departure again for each: 75 s when a whole export changed).
    // Pupils of CM2 leaving, and guardians only through them, are left out of the counts and of the
    // totals: the first degree ends with CM2 (DECISIONS.md).
    `with pupil_departures as (
       select school_id, count(*) filter (where not ends_primary)::int as n,
              count(*) filter (where ends_primary)::int as ending
         from departing_pupil where school_id is not null group by school_id),
     guardian_departures as (
       select p.school_id, count(distinct lg.id)::int as n
         from departing_guardian lg join guardian_link l on l.guardian_id = lg.id join pupil p on p.id = l.pupil_id
         left join departing_pupil dp on dp.id = p.id
        where p.detached_at is null and p.school_id is not null and dp.ends_primary is not true
        group by p.school_id),
     missing_schools as (
       select sc.id from school sc
        where not exists (select 1 from stg_school s where s.uai = sc.uai and s.op <> 'delete')
          and ${notSetAside('EtabEducNat', 'sc.uai')}),
     candidates as (
       select school_id from pupil_departures where n > $1
       union select school_id from guardian_departures where n > $1
       union select d.school_id from pupil_departures d join missing_schools m on m.id = d.school_id),
     candidate_pupils as (
       select p.school_id, count(*)::int as n
         from candidates c join pupil p on p.school_id = c.school_id
        where p.detached_at is null group by p.school_id),
     candidate_guardians as (
       select p.school_id, count(distinct l.guardian_id)::int as n
         from candidates c join pupil p on p.school_id = c.school_id
         join guardian_link l on l.pupil_id = p.id join guardian g on g.id = l.guardian_id
         left join departing_pupil dp on dp.id = p.id
        where p.detached_at is null and g.detached_at is null and dp.ends_primary is not true
        group by p.school_id),
     counted as (
       select sc.uai, sc.name,
              coalesce(cp.n, 0) - coalesce(pd.ending, 0) as pupils,
              coalesce(pd.n, 0) as pupils_leaving,
              coalesce(pd.ending, 0) as pupils_ending_primary,
              coalesce(cg.n, 0) as guardians,
              coalesce(gd.n, 0) as guardians_leaving,
              exists (select 1 from missing_schools m where m.id = c.school_id) as school_missing
         from candidates c join school sc on sc.id = c.school_id
         left join candidate_pupils cp on cp.school_id = c.school_id
         left join candidate_guardians cg on cg.school_id = c.school_id
         left join pupil_departures pd on pd.school_id = c.school_id
         left join guardian_departures gd on gd.school_id = c.school_id)
     select * from counted
      where (school_missing and pupils_leaving + pupils_ending_primary > 0)
         or (pupils_leaving > $1 and pupils_leaving > pupils * $2::float8)
         or (guardians_leaving > $1 and guardians_leaving > guardians * $2::float8)
      order by uai`,
    [limits.minPeople, limits.maxShare],
  );
  if (!rows.length) return;
  if (force) {
    ctx.progress(`détachements massifs acceptés (--force) : ${rows.map(describe).join(' ; ')}`);
    return;
  }
  const named = rows.slice(0, SCHOOLS_NAMED).map(describe).join(' ; ');
  const more = rows.length > SCHOOLS_NAMED ? ` ; et ${rows.length - SCHOOLS_NAMED} autre(s) école(s)` : '';
  throw importRefused(
    `export complet refusé avant tout détachement : il détacherait plus de ${Math.round(limits.maxShare * 100)} % ` +
      `(et plus de ${limits.minPeople}) des élèves ou des responsables d'une école, ou une école entière — ` +
      `${named}${more}. Un fichier manque peut-être à l'export ; si ce changement est réel, relancez l'import ` +
      `avec --force (npm run cli -- import --force …).`,
  );
}
