/**
 * `npm run bench:taille`: what an académie's database weighs on disk (DEPLOYMENT « Combien de
 * machines »), read from PostgreSQL's own figures on the benchmarks' académie (4,000 schools ×
 * 150 pupils and a school of 1,000, every account state; tests/bench/academie.ts): the whole
 * database, each table with its indexes and TOAST, and what one pupil, guardian and account cost.
 * Then what the service's own work adds: in a copy of that database, the large school's every
 * account notified by paper letter, then by e-mail (the e-mails' bodies wiped as a real transport
 * leaves them), and the growth of each table per account notified — DEPLOYMENT derives a rentrée
 * and a year from it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { academieDatabase, bigSchoolUai } from './academie';

const log = (m: string) => process.stderr.write(`[bench:taille] ${m}\n`);
const mb = (bytes: number) => +(bytes / 1e6).toFixed(1);

async function main() {
  const db = await academieDatabase(log);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    // Figures of a settled database: what autovacuum would have reached after a night.
    await c.query('vacuum analyze');
    const { rows: total } = await c.query<{ bytes: string }>(
      'select pg_database_size(current_database())::text as bytes',
    );
    const { rows: tables } = await c.query<{
      table: string;
      rows: string;
      total: string;
      heap: string;
      indexes: string;
    }>(
      `select c.relname as table, c.reltuples::bigint::text as rows,
              pg_total_relation_size(c.oid)::text as total, pg_relation_size(c.oid)::text as heap,
              pg_indexes_size(c.oid)::text as indexes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname = 'public'
        order by pg_total_relation_size(c.oid) desc`,
    );
    const count = async (table: string) =>
      Number((await c.query<{ n: string }>(`select count(*)::text as n from ${table}`)).rows[0].n);
    const pupils = await count('pupil');
    const guardians = await count('guardian');
    const accounts = await count('account');
    const schools = await count('school');
    const bytes = Number(total[0].bytes);
    const perTable = tables
      .filter((t) => Number(t.total) > 64 * 1024)
      .map((t) => ({
        table: t.table,
        lignes: Math.max(0, Number(t.rows)),
        mo: mb(Number(t.total)),
        donneesMo: mb(Number(t.heap)),
        indexMo: mb(Number(t.indexes)),
        octetsParLigne: Number(t.rows) > 0 ? Math.round(Number(t.total) / Number(t.rows)) : null,
      }));
    for (const t of perTable)
      log(`${t.table.padEnd(28)} ${String(t.mo).padStart(8)} Mo (index ${t.indexMo} Mo), ${t.lignes} lignes`);
    log(`base entière : ${mb(bytes)} Mo pour ${schools} écoles, ${pupils} élèves, ${guardians} responsables`);
    // The copy needs the académie without connections.
    await c.end();
    const rentree = await notifiedSchool(db.url);
    process.stdout.write(
      JSON.stringify(
        {
          base: { mo: mb(bytes), ecoles: schools, eleves: pupils, responsables: guardians, comptes: accounts },
          octetsParEleve: Math.round(bytes / pupils),
          tables: perTable,
          rentreeDUneEcole: rentree,
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await c.end().catch(() => undefined);
    await db.release();
  }
}

/**
 * The tables the service's work fills, and what their live rows take on disk (bytes, once rewritten:
 * the space that a sent message's wiped body or an updated account leaves behind is reused by the
 * next ones, so it is not counted).
 */
const WORK_TABLES = ['notification_batch', 'notification_item', 'outbound_message', 'audit_event', 'account'];

async function tableBytes(c: pg.Client): Promise<Record<string, number>> {
  await c.query(`vacuum full ${WORK_TABLES.join(', ')}`);
  const { rows } = await c.query<{ t: string; b: string }>(
    `select t, pg_total_relation_size(t::regclass)::text as b from unnest($1::text[]) as t`,
    [WORK_TABLES],
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.b)]));
}

/**
 * In a copy of the académie, the large school's accounts notified as at a rentrée: once by paper
 * letter (one batch, its PDF stored as the service stores it), once by e-mail. Returns the growth of
 * each table per account notified by each channel.
 */
async function notifiedSchool(academieUrl: string) {
  const copy = 'educonnect_bench_taille';
  const adminUrl = new URL(academieUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const copyUrl = new URL(academieUrl);
  copyUrl.pathname = `/${copy}`;
  try {
    await admin.query(`drop database if exists ${copy}`);
    log('copie de la base « académie » pour une rentrée…');
    await admin.query(`create database ${copy} template ${new URL(academieUrl).pathname.slice(1)}`);
    process.env.DATABASE_URL = copyUrl.toString();
    // A throwaway copy: a key of this run seals its provisional passwords and letters.
    process.env.ACCOUNT_SECRET_KEY ??= randomBytes(32).toString('base64');
    const [{ notifyAccounts }, { processNotificationBatch }, { renderChunksOnThreads, stopRenderThreads }, search] =
      await Promise.all([
        import('@/lib/accounts/notify-accounts'),
        import('@/lib/accounts/process-notification-batch'),
        import('@/letters/render-parallel'),
        import('@/lib/accounts/search-accounts'),
      ]);
    const { disconnectDb } = await import('@/lib/db');
    const c = new pg.Client({ connectionString: copyUrl.toString() });
    await c.connect();
    try {
      const { rows } = await c.query<{ id: number }>('select id from school where uai = $1', [bigSchoolUai]);
      const rowsOfSchool = await search.scopeRows({ schoolId: rows[0].id });
      const accounts = new Set(rowsOfSchool.map((r) => r.accountId)).size;
      const growth = async (channel: 'PAPER' | 'EMAIL') => {
        const before = await tableBytes(c);
        const outcome = await notifyAccounts({
          schoolId: rows[0].id,
          agentId: null,
          rows: rowsOfSchool,
          channel,
          reset: false,
        });
        await processNotificationBatch({ batchId: outcome.batchId!, renderChunks: renderChunksOnThreads });
        // What a real transport leaves of a sent message (deliver-messages.ts: recordOutcomes).
        await c.query(`update outbound_message set status = 'SENT', html = null, text = '' where status = 'PENDING'`);
        const after = await tableBytes(c);
        const perAccount = Object.fromEntries(
          WORK_TABLES.map((t) => [t, Math.round((after[t] - before[t]) / outcome.total)]),
        );
        const what = channel === 'PAPER' ? 'courriers' : 'courriels';
        log(`${what} : ${outcome.total} comptes, octets par compte ${JSON.stringify(perAccount)}`);
        return { comptes: outcome.total, octetsParCompte: perAccount };
      };
      const paper = await growth('PAPER');
      const email = await growth('EMAIL');
      await stopRenderThreads();
      return { ecole: bigSchoolUai, comptes: accounts, courriers: paper, courriels: email };
    } finally {
      await c.end();
      await disconnectDb();
    }
  } finally {
    await admin.query(`drop database if exists ${copy} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
