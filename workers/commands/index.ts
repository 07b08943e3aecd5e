import fs from 'node:fs';
import type { AccountState } from '@/lib/generated/prisma/enums';
import { DomainError } from '@/lib/errors';
import { calendarDay, formatDate, formatDateTime } from '@/lib/format';
import { defineCommand, intOption, requiredOption, usageError, type Command } from './types';

const none = { min: 0, max: 0, label: 'aucun argument' };
/** Records set aside shown per import in `imports` (all of one import with `--id`). */
const SET_ASIDE_SHOWN = 5;
const oneUai = { min: 1, max: 1, label: 'un UAI' };
const STATES_BY_NAME: Record<string, AccountState> = {
  'non-notifie': 'NON_NOTIFIE',
  notifie: 'NOTIFIE_NON_ACTIVE',
  'en-cours': 'EN_COURS_ACTIVATION',
  active: 'ACTIVE',
};

/**
 * Each command loads what it needs when it runs (Prisma, the importer, react-pdf…): `help`, a usage
 * error or a small query do not pay for every other command's modules (about 0.6 s each time).
 */
const loadDb = () => import('@/lib/db').then((m) => m.db);

async function schoolId(uai: string): Promise<number> {
  const db = await loadDb();
  const school = await db.school.findUnique({ where: { uai: uai.toUpperCase() }, select: { id: true } });
  if (!school) throw new DomainError('UNKNOWN_SCHOOL', { uai: uai.toUpperCase() });
  return school.id;
}

export const commands: Command[] = [
  defineCommand({
    name: 'db:migrate',
    usage: 'db:migrate',
    summary: 'applique les migrations (schéma du service et de graphile-worker)',
    options: {},
    positionals: none,
    async run(ctx) {
      const { migrateAll } = await import('@/lib/database/migrate-all');
      const r = await migrateAll(await ctx.database(), ctx.err);
      ctx.out(`${r.applied.length} migration(s) appliquée(s), ${r.alreadyApplied} déjà présente(s).`);
    },
  }),
  defineCommand({
    name: 'import',
    usage: 'import CHEMIN… [--json] [--complet|--delta] [--force]',
    summary:
      'importe un export AAF (fichiers ou dossiers) en une seule transaction ; --force laisse passer un export ' +
      'complet qui détache une grande part d’une école (changement réel)',
    options: {
      json: { type: 'boolean' },
      complet: { type: 'boolean' },
      delta: { type: 'boolean' },
      force: { type: 'boolean' },
    },
    positionals: { min: 1, max: Infinity, label: 'au moins un fichier ou un dossier' },
    async run(ctx) {
      const { json, complet, delta, force } = ctx.values;
      if (complet && delta) throw usageError('--complet et --delta ne vont pas ensemble');
      const { importDirectory, formatSummary } = await import('@/lib/directory/import/import-directory');
      const summary = await importDirectory({
        connectionString: await ctx.database(),
        paths: ctx.positionals,
        mode: complet ? 'complet' : delta ? 'delta' : undefined,
        force: !!force,
        progress: (m) => ctx.err(`… ${m}`),
      });
      ctx.out(json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    },
  }),
  defineCommand({
    name: 'aaf:generate',
    usage:
      'aaf:generate --out DOSSIER --schools N --pupils-per-school N --seed S [--delta POURCENT] [--chunk N] ' +
      '[--date AAAAMMJJ]',
    summary: 'écrit un export AAF synthétique réaliste (ou un delta de cet export)',
    options: {
      out: { type: 'string' },
      schools: { type: 'string' },
      'pupils-per-school': { type: 'string' },
      seed: { type: 'string' },
      delta: { type: 'string' },
      chunk: { type: 'string' },
      date: { type: 'string' },
    },
    positionals: none,
    async run(ctx) {
      const v = ctx.values;
      const outDir = requiredOption(v.out, 'out');
      const delta = v.delta === undefined ? undefined : Number(v.delta);
      if (delta !== undefined && !(delta > 0 && delta <= 100)) {
        throw usageError('--delta attend un pourcentage entre 0 et 100');
      }
      if (v.date !== undefined && !/^\d{8}$/.test(v.date)) throw usageError('--date attend AAAAMMJJ');
      const { generateAaf } = await import('@/lib/directory/generate/aaf-generator');
      const r = await generateAaf({
        outDir,
        schools: intOption(v.schools, 'schools'),
        pupilsPerSchool: intOption(v['pupils-per-school'], 'pupils-per-school'),
        seed: intOption(v.seed, 'seed', 1),
        chunkSize: intOption(v.chunk, 'chunk', 50_000),
        date: v.date,
        deltaPercent: delta,
      });
      ctx.out(JSON.stringify({ ...r, files: r.files.length, outDir }, null, 2));
    },
  }),
  defineCommand({
    name: 'accounts',
    usage: 'accounts UAI --csv',
    summary: "liste des comptes d'une école au format CSV du guide (§5.4)",
    options: { csv: { type: 'boolean' } },
    positionals: oneUai,
    async run(ctx) {
      if (!ctx.values.csv) throw usageError('accounts : seul le format --csv est disponible');
      await ctx.database();
      const { accountListRows, accountListCsv } = await import('@/lib/accounts/account-list');
      const rows = await accountListRows({ schoolId: await schoolId(ctx.positionals[0]) });
      ctx.write(accountListCsv(rows));
    },
  }),
  defineCommand({
    name: 'notify',
    usage:
      'notify UAI --channel papier|courriel [--reinit] [--classe LIBELLÉ] ' +
      '[--etat non-notifie|notifie|en-cours|active]… [--out FICHIER.pdf]',
    summary: "(re)notifie les comptes d'une école par courriers PDF ou par courriels (guide §5.3)",
    options: {
      channel: { type: 'string' },
      reinit: { type: 'boolean' },
      classe: { type: 'string' },
      etat: { type: 'string', multiple: true },
      out: { type: 'string' },
    },
    positionals: oneUai,
    async run(ctx) {
      const v = ctx.values;
      const channel = { papier: 'PAPER', courriel: 'EMAIL' }[requiredOption(v.channel, 'channel')] as
        'PAPER' | 'EMAIL' | undefined;
      if (!channel) throw usageError('--channel attend papier ou courriel');
      if (channel === 'PAPER' && !v.out)
        throw usageError('--out FICHIER.pdf est obligatoire pour des courriers papier');
      const states = ((v.etat ?? []) as string[]).map((e) => STATES_BY_NAME[e]);
      if (states.some((s) => !s)) throw usageError(`--etat attend ${Object.keys(STATES_BY_NAME).join(', ')}`);
      await ctx.database();
      // Letters and e-mails (react-pdf, react-email) are loaded by this command only.
      const [
        db,
        scopeRows,
        { notifyAccounts },
        { processNotificationBatch },
        { renderChunksOnThreads },
        { openBytes },
      ] = await Promise.all([
        loadDb(),
        import('@/lib/accounts/search-accounts').then((m) => m.scopeRows),
        import('@/lib/accounts/notify-accounts'),
        import('@/lib/accounts/process-notification-batch'),
        import('@/letters/render-parallel'),
        import('@/lib/accounts/secrets'),
      ]);
      const schoolIdValue = await schoolId(ctx.positionals[0]);
      const rows = await scopeRows({
        schoolId: schoolIdValue,
        classLabel: v.classe,
        states: states.length ? states : undefined,
      });
      const outcome = await notifyAccounts({
        schoolId: schoolIdValue,
        agentId: null,
        rows,
        channel,
        reset: !!v.reinit,
      });
      // The operator waits for the whole batch (a worker may share the work: the batch is locked per chunk).
      if (outcome.batchId) {
        await processNotificationBatch({ batchId: outcome.batchId, renderChunks: renderChunksOnThreads });
      }
      const batch = outcome.batchId
        ? await db.notificationBatch.findUniqueOrThrow({ where: { id: outcome.batchId } })
        : null;
      if (channel === 'PAPER' && batch?.pdf) fs.writeFileSync(v.out!, openBytes(batch.pdf));
      ctx.out(
        JSON.stringify(
          {
            lot: outcome.batchId,
            comptes: outcome.total,
            nonReinitialises: batch?.notReset ?? 0,
            sansAdresse: outcome.withoutEmail,
            adresseRefusee: outcome.addressRefused,
            ...(channel === 'PAPER' && outcome.batchId ? { fichier: v.out } : {}),
          },
          null,
          2,
        ),
      );
    },
  }),
  defineCommand({
    name: 'stats',
    usage: 'stats UAI [--json]',
    summary: "calcule les statistiques d'une école (§6.1) et les affiche",
    options: { json: { type: 'boolean' } },
    positionals: oneUai,
    async run(ctx) {
      await ctx.database();
      const { statsReport } = await import('@/lib/stats/stats-report');
      const report = await statsReport({ uai: ctx.positionals[0].toUpperCase() });
      if (ctx.values.json) {
        ctx.out(JSON.stringify(report, null, 2));
        return;
      }
      const s = report.summary;
      ctx.out(`${report.uai} — ${report.computedAt}`);
      ctx.out(
        `comptes ${s.comptes} : non notifiés ${s.nonNotifies}, notifiés et non activés ${s.notifiesNonActives}, ` +
          `en cours d'activation ${s.enCoursActivation}, activés ${s.actives}`,
      );
      ctx.out(
        `% de comptes activés ${s.pctComptesActives} ; ` +
          `% d'élèves ayant au moins un responsable activé ${s.pctElevesAvecResponsableActive}`,
      );
    },
  }),
  defineCommand({
    name: 'jobs',
    usage: 'jobs [retry ID | retry TÂCHE | cancel ID]',
    summary:
      'état de la file des tâches (profondeur, tâches en échec et leur dernière erreur, lots de notification) ; ' +
      'retry relance une tâche en échec, ou toutes celles d’une sorte (retry send-messages, une fois le ' +
      'prestataire revenu), cancel l’abandonne',
    options: {},
    positionals: { min: 0, max: 2, label: 'rien, ou retry ID, ou retry TÂCHE, ou cancel ID' },
    async run(ctx) {
      const [action, id] = ctx.positionals;
      if (action !== undefined && !((action === 'retry' || action === 'cancel') && id)) {
        throw usageError('jobs attend rien, ou « retry ID », ou « retry TÂCHE », ou « cancel ID »');
      }
      await ctx.database();
      const [db, { retryJob, retryFailedJobs, cancelJob, queueDepth, failedJobs }, { JOB_NAMES }] = await Promise.all([
        loadDb(),
        import('@/lib/jobs/job-queue'),
        import('@/lib/jobs/registry'),
      ]);
      const task = JOB_NAMES.find((n) => n === id);
      if (action === 'retry' && task) {
        const ids = await retryFailedJobs(task);
        ctx.out(
          ids.length
            ? `${ids.length} tâche(s) ${task} en échec relancée(s) : les workers les reprennent maintenant.`
            : `Aucune tâche ${task} en échec.`,
        );
        return;
      }
      if (action === 'retry') {
        await retryJob(id);
        ctx.out(`Tâche n°${id} relancée : un worker la reprend maintenant.`);
        return;
      }
      if (action === 'cancel') {
        await cancelJob(id);
        ctx.out(`Tâche n°${id} abandonnée et retirée de la file.`);
        return;
      }
      const depth = await queueDepth();
      if (!depth.length) ctx.out('Aucune tâche en file.');
      for (const r of depth) {
        ctx.out(
          `${r.task}\t${r.queued} en file\t${r.running} en cours\t${r.failing} en échec\t` +
            `prochaine : ${r.nextRunAt ? r.nextRunAt.toISOString() : '—'}`,
        );
      }
      const failed = await failedJobs();
      if (failed.length) ctx.out('\nTâches en échec (npm run cli -- jobs retry ID | cancel ID) :');
      for (const j of failed) {
        const givenUp =
          j.attempts >= j.maxAttempts ? 'abandonnée par le worker' : `prochain essai ${j.runAt.toISOString()}`;
        ctx.out(`  n°${j.id}\t${j.task}\t${j.attempts}/${j.maxAttempts} essais, ${givenUp}\t${j.lastError}`);
      }
      const batches = await db.notificationBatch.findMany({
        where: { OR: [{ status: { not: 'DONE' } }, { createdAt: { gte: new Date(Date.now() - 86_400_000) } }] },
        orderBy: { id: 'desc' },
        take: 20,
        select: { id: true, status: true, done: true, total: true, channel: true, school: { select: { uai: true } } },
      });
      if (batches.length) ctx.out('\nLots de notification (24 dernières heures, ou non terminés) :');
      for (const b of batches) {
        ctx.out(
          `  lot ${b.id}\t${b.school.uai}\t${b.channel === 'PAPER' ? 'courriers' : 'courriels'}\t` +
            `${b.done} / ${b.total}\t${b.status}`,
        );
      }
    },
  }),
  defineCommand({
    name: 'imports',
    usage: 'imports [--limit N] [--id N] [--json]',
    summary:
      'historique des imports de l’annuaire : résultat, comptes, durée, raison d’un refus, enregistrements mis de ' +
      'côté (tous avec --id N)',
    options: { limit: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } },
    positionals: none,
    async run(ctx) {
      await ctx.database();
      const [{ importHistory, importSetAside }, { describeSetAside }] = await Promise.all([
        import('@/lib/directory/import/import-history'),
        import('@/lib/directory/import/set-aside'),
      ]);
      const one = ctx.values.id === undefined ? null : intOption(ctx.values.id, 'id', 0);
      const history = await importHistory(one === null ? intOption(ctx.values.limit, 'limit', 20) : 1, one);
      if (one !== null && !history.length) throw usageError(`aucun import n°${one}`);
      const shown = one === null ? SET_ASIDE_SHOWN : undefined;
      const entries = await Promise.all(
        history.map(async (h) => ({
          ...h,
          misDeCote: h.summary?.misDeCote ? await importSetAside(h.id, shown) : [],
        })),
      );
      if (ctx.values.json) {
        ctx.out(JSON.stringify(entries, null, 2));
        return;
      }
      if (!entries.length) ctx.out('Aucun import enregistré.');
      const outcomes = { RUNNING: 'en cours', SUCCEEDED: 'réussi', FAILED: 'refusé' } as const;
      for (const h of entries) {
        const seconds = h.finishedAt ? ((h.finishedAt.getTime() - h.startedAt.getTime()) / 1000).toFixed(1) : null;
        ctx.out(
          `n°${h.id}\t${h.startedAt.toISOString()}\t${outcomes[h.outcome]}` +
            `${seconds ? ` en ${seconds} s` : ''}\t${h.source}`,
        );
        const s = h.summary;
        if (s) {
          ctx.out(
            `    ${s.mode}, ${s.files} fichier(s) : ${s.ecoles} écoles, ${s.eleves} élèves, ${s.responsables} ` +
              `responsables ; comptes créés ${s.comptesCrees}, mis à jour ${s.comptesMisAJour}, ` +
              `détachés ${s.comptesDetaches} ; enregistrements mis de côté ${s.misDeCote ?? 0}`,
          );
        }
        for (const r of h.misDeCote) ctx.out(`    mis de côté : ${describeSetAside(r)}`);
        const hidden = (s?.misDeCote ?? 0) - h.misDeCote.length;
        if (hidden > 0) ctx.out(`    … et ${hidden} autre(s) : npm run cli -- imports --id ${h.id}`);
        if (h.error) ctx.out(`    ${h.error}`);
      }
    },
  }),
  defineCommand({
    name: 'audit',
    usage: 'audit --account IDENTIFIANT [--json]',
    summary: "historique d'un compte : qui a fait quoi, qui a vu son mot de passe (du plus récent au plus ancien)",
    options: { account: { type: 'string' }, json: { type: 'boolean' } },
    positionals: none,
    async run(ctx) {
      const identifiant = requiredOption(ctx.values.account, 'account');
      await ctx.database();
      const [db, { accountHistory }] = await Promise.all([loadDb(), import('@/lib/audit/account-history')]);
      const account = await db.account.findUnique({ where: { identifiant }, select: { id: true } });
      if (!account) throw new DomainError('UNKNOWN_ACCOUNT', { identifiant });
      const history = await accountHistory(account.id, 10_000);
      if (ctx.values.json) {
        ctx.out(JSON.stringify(history, null, 2));
        return;
      }
      if (!history.length) ctx.out(`Aucun événement pour le compte ${identifiant}.`);
      for (const h of history) ctx.out(`${formatDateTime(h.at)}\t${h.label}\t${h.by}`);
    },
  }),
  defineCommand({
    name: 'messages',
    usage: 'messages [UAI] [--refuses] [--depuis AAAA-MM-JJ] [--json]',
    summary:
      'courriels et SMS non remis, du plus récent au plus ancien : refusés pour de bon (l’adresse, le numéro) ' +
      'en échec et retentés, ou expirés avant l’envoi (un code, un lien qui ne valait plus) ; pour une école, ' +
      'les refusés seuls, depuis une date',
    options: { refuses: { type: 'boolean' }, depuis: { type: 'string' }, json: { type: 'boolean' } },
    positionals: { min: 0, max: 1, label: 'rien, ou un UAI' },
    async run(ctx) {
      const since = ctx.values.depuis;
      // A real calendar day: 2026-02-30 is refused here rather than by PostgreSQL.
      const isDay = (s: string) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
        return !!m && calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
      };
      if (since !== undefined && !isDay(since)) throw usageError('--depuis attend une date AAAA-MM-JJ');
      const [uai] = ctx.positionals;
      await ctx.database();
      if (uai) await schoolId(uai);
      const { undeliveredMessages } = await import('@/lib/messaging/undelivered-messages');
      const messages = await undeliveredMessages({
        uai,
        refusedOnly: ctx.values.refuses,
        since,
      });
      if (ctx.values.json) {
        ctx.out(JSON.stringify(messages, null, 2));
        return;
      }
      if (!messages.length) ctx.out('Aucun message non remis.');
      for (const m of messages) {
        const state = { REFUSED: 'refusé', FAILED: 'en échec, retenté', EXPIRED: 'expiré avant l’envoi' }[m.status];
        ctx.out(
          `${formatDateTime(m.createdAt)}\t${state}\t${m.channel === 'EMAIL' ? 'courriel' : 'SMS'} ${m.template}\t` +
            `${m.identifiant ?? '—'}\t${m.ecoles.join(' ') || '—'}\t${m.recipient}\t${m.error ?? ''}`,
        );
      }
    },
  }),
  defineCommand({
    name: 'bounces',
    usage: 'bounces [--json]',
    summary:
      'lit tout de suite la boîte des rebonds (SMTP_BOUNCES_URL) comme le fait la tâche read-bounces toutes les ' +
      '5 minutes : rapports de non-remise lus et effacés, courriels marqués non remis, autres messages laissés',
    options: { json: { type: 'boolean' } },
    positionals: none,
    async run(ctx) {
      await ctx.database();
      const { bouncesMailbox, readBounces } = await import('@/lib/messaging/read-bounces');
      if (!bouncesMailbox()) throw usageError("SMTP_BOUNCES_URL n'est pas défini : aucune boîte des rebonds à lire");
      const run = (await readBounces())!;
      ctx.out(
        ctx.values.json
          ? JSON.stringify(run, null, 2)
          : `${run.rapports} rapport(s) de non-remise lu(s) et effacé(s), ${run.nonRemis} courriel(s) marqué(s) ` +
              `non remis, ${run.laisses} autre(s) message(s) laissé(s) dans la boîte`,
      );
    },
  }),
  defineCommand({
    name: 'secrets:rotate',
    usage: 'secrets:rotate [--json]',
    summary:
      'scelle de nouveau avec ACCOUNT_SECRET_KEY ce qu’une clé de ACCOUNT_SECRET_KEYS_PREVIOUS a scellé ' +
      '(mots de passe provisoires, courriers PDF, messages en attente) ; ensuite, les anciennes clés peuvent ' +
      'être retirées',
    options: { json: { type: 'boolean' } },
    positionals: none,
    async run(ctx) {
      await ctx.database();
      const { openingKeys } = await import('@/lib/accounts/secrets');
      const previous = openingKeys().length - 1;
      const { rotateSecrets } = await import('@/lib/accounts/rotate-secrets');
      const report = await rotateSecrets();
      if (ctx.values.json) {
        ctx.out(JSON.stringify({ clesPrecedentes: previous, ...report }, null, 2));
        return;
      }
      ctx.out(
        `Scellés de nouveau avec la clé actuelle : ${report.motsDePasse} mot(s) de passe provisoire(s), ` +
          `${report.courriers} lot(s) de courriers PDF, ${report.messages} message(s). ` +
          (previous
            ? 'Plus rien n’est scellé par une clé précédente : ACCOUNT_SECRET_KEYS_PREVIOUS peut être retirée ' +
              'de la configuration de chaque nœud et worker.'
            : 'Aucune clé précédente n’est configurée (ACCOUNT_SECRET_KEYS_PREVIOUS) : rien d’autre à faire.'),
      );
    },
  }),
  defineCommand({
    name: 'purge',
    usage: 'purge [--dry-run] [--mois N] [--json]',
    summary:
      'supprime les comptes jamais activés dont tous les responsables ont quitté l’annuaire depuis plus de N mois ' +
      '(12 par défaut), avec leurs jetons, messages, sessions et courriers, les fiches parties de l’annuaire ' +
      'depuis plus de N mois (élèves, responsables sans compte, classes vides, directeurs), et le journal, ' +
      'les messages envoyés, les lots et l’historique des imports au-delà de AUDIT_RETENTION_MONTHS (12 par ' +
      'défaut) ; ' +
      '--dry-run les compte sans rien supprimer',
    options: { 'dry-run': { type: 'boolean' }, mois: { type: 'string' }, json: { type: 'boolean' } },
    positionals: none,
    async run(ctx) {
      const v = ctx.values;
      const months = v.mois === undefined ? undefined : intOption(v.mois, 'mois');
      if (months === 0) throw usageError('--mois attend un nombre entier positif');
      await ctx.database();
      const { purgeAccounts } = await import('@/lib/accounts/purge-accounts');
      const report = await purgeAccounts({ dryRun: !!v['dry-run'], months });
      if (v.json) {
        ctx.out(JSON.stringify(report, null, 2));
        return;
      }
      const states = { NON_NOTIFIE: 'non notifié', NOTIFIE_NON_ACTIVE: 'notifié et non activé' } as Record<
        string,
        string
      >;
      for (const a of report.accounts) {
        ctx.out(
          `${a.identifiant}\t${states[a.state] ?? 'en cours d’activation'}\t` +
            `annuaire quitté le ${formatDate(a.detachedSince)}`,
        );
      }
      const c = report.counts;
      ctx.out(
        `${report.dryRun ? 'À supprimer' : 'Supprimé'} (annuaire quitté depuis plus de ${report.months} mois) : ` +
          `${c.comptes} compte(s), ${c.jetons} jeton(s), ${c.messages} message(s), ${c.sessions} session(s), ` +
          `${c.courriersPdf} lot(s) de courriers PDF ; ` +
          `${c.evenementsAnonymises} événement(s) du journal détaché(s) ; fiches de l’annuaire : ` +
          `${c.eleves} élève(s), ${c.fichesResponsables} responsable(s), ${c.classes} classe(s) ; ` +
          `de plus de ${report.auditMonths} mois : ${c.evenementsSupprimes} événement(s) du journal, ` +
          `${c.messagesSupprimes} message(s) envoyé(s), ${c.lotsSupprimes} lot(s) de notification, ` +
          `${c.importsSupprimes} import(s) de l’annuaire ; ${c.directeurs} directeur(s) parti(s)` +
          `${report.dryRun ? ' — rien n’a été supprimé (--dry-run).' : '.'}`,
      );
    },
  }),
] as Command[];
