import { batchProgress } from '@/lib/accounts/get-letters';
import { requireSchool } from '@/lib/auth/guards';
import { isDomainError } from '@/lib/errors';

/** The progress of a notification batch, polled by the page while a job works on it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { school } = await requireSchool();
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) return Response.json({ error: 'lot inconnu' }, { status: 404 });
  try {
    return Response.json(await batchProgress({ schoolId: school.id, batchId: Number(id) }), {
      headers: { 'cache-control': 'no-store' },
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return Response.json({ error: e.message }, { status: 404 });
  }
}
