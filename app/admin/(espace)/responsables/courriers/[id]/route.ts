import { refuseForeignOrigin } from '@/app/_lib/same-origin';
import { getLetters } from '@/lib/accounts/get-letters';
import { requireSchool } from '@/lib/auth/guards';
import { domainMessage, isDomainError } from '@/lib/errors';
import { formatFileStamp } from '@/lib/format';

const notFound = () =>
  new Response(domainMessage('LETTERS_NOT_FOUND'), {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });

/** « Télécharger le courrier au format PDF » (guide §5.3): the letters of one batch of the chosen school. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const foreign = refuseForeignOrigin(request);
  if (foreign) return foreign;
  const { school, agent } = await requireSchool();
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) return notFound();
  try {
    const { pdf, createdAt } = await getLetters({ schoolId: school.id, batchId: Number(id), agentId: agent.id });
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="Educonnect-Courriers-${formatFileStamp(createdAt)}.pdf"`,
        'cache-control': 'no-store',
      },
    });
  } catch (e) {
    if (isDomainError(e, 'LETTERS_NOT_FOUND')) return notFound();
    throw e;
  }
}
