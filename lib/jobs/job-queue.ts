import 'server-only';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { URGENT_JOBS, type JobName } from '@/lib/jobs/registry';

/**
 * The job queue as an operator sees it (issue « Hardening », item 7): depth per task, the jobs in
 * failure with their last error, and the two things an operator may do to a failed job — run it
 * again, or give it up. Read from graphile-worker's `jobs` view and changed only through its own
 * SQL functions (which skip a locked job), so that a running worker is never surprised.
 */

export interface TaskDepth {
  task: string;
  queued: number;
  running: number;
  failing: number;
  nextRunAt: Date | null;
}

export interface FailedJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  /** First line of the last error: messages are ours and never carry a secret (lib/log.ts). */
  lastError: string;
  runAt: Date;
}

export async function queueDepth(): Promise<TaskDepth[]> {
  return db.$queryRaw<TaskDepth[]>`
    select task_identifier as task, count(*)::int as queued,
           count(*) filter (where locked_at is not null)::int as running,
           count(*) filter (where last_error is not null)::int as failing,
           min(run_at) as "nextRunAt"
      from graphile_worker.jobs group by 1 order by 1`;
}

/** Jobs whose last attempt failed: still retried by the worker, or given up (attempts = max). */
export async function failedJobs(limit = 50): Promise<FailedJob[]> {
  const rows = await db.$queryRaw<(Omit<FailedJob, 'id' | 'lastError'> & { id: bigint; lastError: string })[]>`
    select id, task_identifier as task, attempts, max_attempts as "maxAttempts", last_error as "lastError",
           run_at as "runAt"
      from graphile_worker.jobs where last_error is not null order by id limit ${limit}`;
  return rows.map((r) => ({ ...r, id: String(r.id), lastError: r.lastError.split('\n')[0] }));
}

/**
 * Seconds the oldest job due to run has been waiting (null when none), of any kind and of those a
 * person waits for (URGENT_JOBS): the load balancer's health route shows them, and an operator sees
 * at once that no worker is taking jobs, or that parents wait for their codes.
 *
 * A job a person waits for whose last try failed is still waited for while graphile-worker holds it
 * back before its next try (its `run_at` moved later each time), and while a worker tries it again:
 * it counts from when it was queued.
 * Otherwise an SMS gateway or a mail provider down would leave the report « ok » while every parent's
 * code failed, try after try, until it expired (the workers take the jobs; nothing is due).
 */
export async function oldestQueuedJobSeconds(): Promise<{ any: number | null; urgent: number | null }> {
  const [row] = await db.$queryRaw<{ any: number | null; urgent: number | null }[]>`
    select extract(epoch from now() - min(run_at) filter (where run_at <= now() and locked_at is null))::int as any,
           extract(epoch from now() - min(case when last_error is null then run_at else created_at end)
             filter (where task_identifier = any(${URGENT_JOBS})
                       and (last_error is not null or (run_at <= now() and locked_at is null))))::int as urgent
      from graphile_worker.jobs
     where attempts < max_attempts`;
  return { any: row?.any ?? null, urgent: row?.urgent ?? null };
}

async function failedJob(id: string): Promise<{ task: string; payload: unknown }> {
  if (!/^\d{1,18}$/.test(id)) throw new DomainError('UNKNOWN_JOB', { id });
  // The public `jobs` view has no payload; it is only read here, from the table behind the view.
  const [job] = await db.$queryRaw<{ task: string; locked: boolean; failed: boolean; payload: unknown }[]>`
    select t.identifier as task, j.locked_at is not null as locked, j.last_error is not null as failed, j.payload
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where j.id = ${BigInt(id)}`;
  if (!job) throw new DomainError('UNKNOWN_JOB', { id });
  if (job.locked) throw new DomainError('JOB_NOT_FAILED', { id, why: 'locked' });
  if (!job.failed) throw new DomainError('JOB_NOT_FAILED', { id, why: 'not-failed' });
  return job;
}

/** Runs a failed job again now, with all its attempts back. */
export async function retryJob(id: string): Promise<void> {
  const job = await failedJob(id);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      select graphile_worker.reschedule_jobs(array[${BigInt(id)}]::bigint[], run_at := now(), attempts := 0)`;
    await recordAudit({ actorType: 'SYSTEM', action: 'tache.relancee', details: { id, task: job.task } }, tx);
  });
}

/**
 * Runs again now, with all their attempts back, every failed job of one task that no worker holds —
 * still retried or given up — and returns their numbers. After a provider's outage of some hours
 * (Resend, the académie's relay, the SMS gateway), graphile-worker holds each failed message back up
 * to six hours before its next try: once the provider answers again, the operator sends them all at
 * once (`cli jobs retry send-messages`), rather than job by job. A code or link past its expiry is
 * then marked EXPIRED by its job, not sent (deliver-message.ts).
 */
export async function retryFailedJobs(task: JobName): Promise<string[]> {
  return db.$transaction(async (tx) => {
    // graphile-worker's own function leaves alone the jobs a worker holds, and says which it changed.
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      select id from graphile_worker.reschedule_jobs(
        array(select id from graphile_worker.jobs where task_identifier = ${task} and last_error is not null),
        run_at := now(), attempts := 0)
       order by id`;
    const ids = rows.map((r) => String(r.id));
    if (!ids.length) return ids;
    await recordAudit({ actorType: 'SYSTEM', action: 'tache.relancee', details: { task, nombre: ids.length } }, tx);
    return ids;
  });
}

/**
 * Gives a failed job up: it leaves the queue. A notification batch given up is marked failed, so
 * that the director's page stops waiting and says so; its accounts keep their new state.
 */
export async function cancelJob(id: string): Promise<void> {
  const job = await failedJob(id);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select graphile_worker.complete_jobs(array[${BigInt(id)}]::bigint[])`;
    const batchId = job.task === 'notification-batch' ? (job.payload as { batchId?: number }).batchId : undefined;
    if (batchId) {
      await tx.notificationBatch.updateMany({
        where: { id: batchId, status: { notIn: ['DONE', 'FAILED'] } },
        data: { status: 'FAILED', finishedAt: new Date() },
      });
    }
    await recordAudit({ actorType: 'SYSTEM', action: 'tache.annulee', details: { id, task: job.task } }, tx);
  });
}
