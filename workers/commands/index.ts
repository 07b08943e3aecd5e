import { accountListCsv, accountListRows } from '@/lib/accounts/account-list';
import { generateAaf } from '@/lib/directory/generate/aaf-generator';
import { formatSummary, importDirectory } from '@/lib/directory/import-directory';
import { migrateAll } from '@/lib/database/migrate-all';
import { withPgClient } from '@/lib/database/pg';
import { statsForCli } from '@/lib/stats/stats-report';
import { intFlag, stringFlag, UsageError, type Command } from './types';

function uaiArgument(positional: string[], command: string): string {
  const uai = positional[0]?.toUpperCase();
  if (!uai) throw new UsageError(`${command} attend un UAI`);
  return uai;
}

export const commands: Command[] = [
  {
    name: 'db:migrate',
    usage: 'db:migrate',
    summary: 'applique les migrations (schéma du service et de graphile-worker)',
    async run(ctx) {
      const url = await ctx.database();
      const r = await migrateAll(url, ctx.err);
      ctx.out(`${r.applied.length} migration(s) appliquée(s), ${r.alreadyApplied} déjà présente(s).`);
    },
  },
  {
    name: 'import',
    usage: 'import CHEMIN… [--json] [--complet|--delta]',
    summary: 'importe un export AAF (fichiers ou dossiers) en une seule transaction',
    async run(ctx) {
      const paths = ctx.args.positional;
      if (!paths.length) throw new UsageError('import attend au moins un fichier ou un dossier');
      const mode = ctx.args.flags.has('complet') ? 'complet' : ctx.args.flags.has('delta') ? 'delta' : undefined;
      const url = await ctx.database();
      const summary = await importDirectory({ connectionString: url, paths, mode, progress: (m) => ctx.err(`… ${m}`) });
      ctx.out(ctx.args.flags.has('json') ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    },
  },
  {
    name: 'aaf:generate',
    usage:
      'aaf:generate --out DOSSIER --schools N --pupils-per-school N --seed S [--delta POURCENT] [--chunk N] [--date AAAAMMJJ]',
    summary: 'écrit un export AAF synthétique réaliste (ou un delta de cet export)',
    async run(ctx) {
      const outDir = stringFlag(ctx.args, 'out', true)!;
      const delta = ctx.args.flags.has('delta') ? Number(stringFlag(ctx.args, 'delta')) : undefined;
      if (delta !== undefined && !(delta > 0 && delta <= 100))
        throw new UsageError('--delta attend un pourcentage entre 0 et 100');
      const r = await generateAaf({
        outDir,
        schools: intFlag(ctx.args, 'schools'),
        pupilsPerSchool: intFlag(ctx.args, 'pupils-per-school'),
        seed: intFlag(ctx.args, 'seed', 1),
        chunkSize: intFlag(ctx.args, 'chunk', 50_000),
        date: stringFlag(ctx.args, 'date'),
        deltaPercent: delta,
      });
      ctx.out(JSON.stringify({ ...r, files: r.files.length, outDir }, null, 2));
    },
  },
  {
    name: 'accounts',
    usage: 'accounts UAI --csv',
    summary: "liste des comptes d'une école au format CSV du guide (§5.4)",
    async run(ctx) {
      const uai = uaiArgument(ctx.args.positional, 'accounts');
      if (!ctx.args.flags.has('csv')) throw new UsageError('accounts : seul le format --csv est disponible');
      const url = await ctx.database();
      return withPgClient(async (c) => {
        const { rows } = await c.query<{ id: number }>('select id from school where uai = $1', [uai]);
        if (!rows.length) {
          ctx.err(`École inconnue : ${uai}`);
          return 1;
        }
        process.stdout.write(accountListCsv(await accountListRows(c, { schoolId: rows[0].id })));
      }, url);
    },
  },
  {
    name: 'stats',
    usage: 'stats UAI [--json]',
    summary: "calcule les statistiques d'une école (§6.1) et les affiche",
    async run(ctx) {
      const uai = uaiArgument(ctx.args.positional, 'stats');
      const url = await ctx.database();
      return withPgClient(async (c) => {
        const report = await statsForCli(c, uai);
        if (!report) {
          ctx.err(`École inconnue : ${uai}`);
          return 1;
        }
        if (ctx.args.flags.has('json')) ctx.out(JSON.stringify(report, null, 2));
        else {
          const s = report.summary;
          ctx.out(`${report.uai} — ${report.computedAt}`);
          ctx.out(
            `comptes ${s.comptes} : non notifiés ${s.nonNotifies}, notifiés et non activés ${s.notifiesNonActives}, en cours d'activation ${s.enCoursActivation}, activés ${s.actives}`,
          );
          ctx.out(
            `% de comptes activés ${s.pctComptesActives} ; % d'élèves ayant au moins un responsable activé ${s.pctElevesAvecResponsableActive}`,
          );
        }
      }, url);
    },
  },
  {
    name: 'jobs',
    usage: 'jobs',
    summary: 'état de la file des tâches (en attente, en échec, planifiées)',
    async run(ctx) {
      const url = await ctx.database();
      await withPgClient(async (c) => {
        const { rows } = await c.query(`
          select task_identifier as tache, count(*)::int as total,
                 count(*) filter (where attempts > 0 and last_error is not null)::int as en_echec,
                 count(*) filter (where locked_at is not null)::int as en_cours,
                 min(run_at) as prochaine
            from graphile_worker.jobs group by 1 order by 1`);
        if (!rows.length) ctx.out('Aucune tâche en file.');
        for (const r of rows)
          ctx.out(
            `${r.tache}\t${r.total} en file\t${r.en_cours} en cours\t${r.en_echec} en échec\tprochaine : ${new Date(r.prochaine).toISOString()}`,
          );
      }, url);
    },
  },
];
