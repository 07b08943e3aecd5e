import { refuseForeignOrigin } from '@/app/_lib/same-origin';
import { accountListCsv, accountListRows, LIST_PDF_MAX_ROWS } from '@/lib/accounts/account-list';
import { rowsInScope } from '@/lib/accounts/search-accounts';
import { recordAuditForAccounts, recordRefusal } from '@/lib/audit/record-audit';
import { requireSchool } from '@/lib/auth/guards';
import { domainMessage } from '@/lib/errors';
import { renderAccountListPdf } from '@/letters/render';
import { formatDate, formatFileStamp } from '@/lib/format';

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** « Lister les comptes » (guide §5.4), PDF or CSV, for the selected rows of the school chosen on « Accueil ». */
export async function POST(request: Request) {
  const foreign = refuseForeignOrigin(request);
  if (foreign) return foreign;
  const { agent, school } = await requireSchool();
  const format = new URL(request.url).searchParams.get('format');
  if (format !== 'csv' && format !== 'pdf') return text('Format de liste inconnu : pdf ou csv attendu.', 400);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return text('Demande invalide : la liste attend le formulaire de la page « Responsables ».', 400);
  }
  const selected = form
    .getAll('ligne')
    .map((v) => /^(\d{1,9}):(\d{1,9})$/.exec(String(v)))
    .filter((m): m is RegExpExecArray => m !== null)
    .slice(0, 100_000)
    .map((m) => ({ pupilId: Number(m[1]), accountId: Number(m[2]) }));
  const asked = new Set(selected.map((r) => `${r.pupilId}:${r.accountId}`)).size;
  if (format === 'pdf' && asked > LIST_PDF_MAX_ROWS) {
    return text(domainMessage('LIST_PDF_TOO_LONG', { max: LIST_PDF_MAX_ROWS }), 400);
  }
  const selection = await rowsInScope({ schoolId: school.id, rows: selected });
  if (selection.length < asked) {
    await recordRefusal({ agentId: agent.id, schoolId: school.id, target: 'liste', count: asked - selection.length });
  }
  if (!selection.length) return text(domainMessage('SELECTION_EMPTY'), 400);
  const rows = await accountListRows({ schoolId: school.id, selection });
  // The list shows provisional passwords: each account listed has the export in its history.
  await recordAuditForAccounts(
    {
      actorType: 'AGENT',
      actorId: String(agent.id),
      action: 'liste.exportee',
      schoolId: school.id,
      details: { format, lignes: rows.length },
    },
    selection.map((r) => r.accountId),
  );
  const now = new Date();
  const name = `Educonnect-ListeResponsables-${formatFileStamp(now)}.${format}`;
  const body =
    format === 'csv'
      ? accountListCsv(rows)
      : new Uint8Array(await renderAccountListPdf({ createdOn: formatDate(now).replaceAll('-', '/'), school, rows }));
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}
