import 'server-only';
import { JOBS, type JobName, type JobPayload } from '@/lib/jobs/registry';
import type { Tx } from '@/lib/database/prisma';

export interface JobOptions {
  /** One pending job per key: adding again replaces the pending one (graphile-worker job_key). */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

/**
 * Enqueues a job in the caller's transaction (DESIGN.md §8): it exists when the transaction
 * commits and never when it rolls back. The payload is checked against the registry.
 */
export async function addJob<N extends JobName>(
  tx: Tx,
  name: N,
  payload: JobPayload<N>,
  { jobKey, maxAttempts, runAt }: JobOptions = {},
): Promise<void> {
  const data = JOBS[name].parse(payload);
  await tx.$executeRaw`
    select graphile_worker.add_job(${name}::text, ${JSON.stringify(data)}::json,
      job_key := ${jobKey ?? null}::text, max_attempts := ${maxAttempts ?? null}::int,
      run_at := ${runAt ?? null}::timestamptz)`;
}
