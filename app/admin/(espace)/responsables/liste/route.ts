import { accountListCsv, accountListRows } from '@/lib/accounts/account-list';
import { authorisedPairs } from '@/lib/accounts/search-accounts';
import { recordAudit } from '@/lib/audit/record-audit';
import { requireAgent } from '@/lib/auth/guards';
import { withPgClient } from '@/lib/database/pg';

/** AAAAMMJJHHMMSS, Europe/Paris (guide §5.4: Educonnect-ListeResponsables-<date_génération>). */
function stamp(d = new Date()) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** « Lister les comptes » (guide §5.4) for the selected rows of the school chosen on « Accueil ». */
export async function POST(request: Request) {
  const { agent, school } = await requireAgent();
  const format = new URL(request.url).searchParams.get('format');
  if (!school || format !== 'csv') return new Response('Demande invalide.', { status: 400 });
  const form = await request.formData();
  const pairs = form
    .getAll('ligne')
    .map((v) => /^(\d{1,9}):(\d{1,9})$/.exec(String(v)))
    .filter((m): m is RegExpExecArray => m !== null)
    .slice(0, 100_000)
    .map((m) => ({ pupilId: Number(m[1]), accountId: Number(m[2]) }));
  const selection = await authorisedPairs({ schoolId: school.id, pairs });
  if (!selection.length) {
    return new Response('Vous devez sélectionner un ou plusieurs comptes.', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const rows = await withPgClient((c) => accountListRows(c, { schoolId: school.id, selection }));
  await recordAudit({
    actorType: 'AGENT',
    actorId: String(agent.id),
    action: 'liste.exportee',
    schoolId: school.id,
    details: { format: 'csv', lignes: rows.length },
  });
  return new Response(accountListCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="Educonnect-ListeResponsables-${stamp()}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
