import { healthReport } from '@/lib/health';

export const dynamic = 'force-dynamic';

/** For load balancers: 200 when this node can serve (database reachable, schema current), else 503. */
export async function GET() {
  const report = await healthReport();
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
