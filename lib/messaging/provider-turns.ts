import 'server-only';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { workerNumber } from '@/lib/config/worker-numbers';
import { sharedLimiter } from '@/lib/database/shared-limiter';
import { log } from '@/lib/log';

/**
 * Resend takes 2 requests a second from a whole team, every key and every machine together
 * (its documentation; more on request): RESEND_RATE_LIMIT says how many the ministry obtained. Every
 * process that calls it — each worker's runners, on every machine — takes its turn from one
 * counter in PostgreSQL, so that a rentrée's batches never draw a « too many » (429) in the first
 * place, and a parent's e-mail waits its turn among them rather than failing.
 */
export const resendRate = () => workerNumber('RESEND_RATE_LIMIT');

/**
 * One call every 1.2/rate seconds, rather than `rate` calls per second counted from the first: two
 * seconds counted that way can put four calls in one second counted from elsewhere, and Resend does
 * not say where its second starts; the fifth more keeps a call that leaves late (a busy process, the
 * network) from arriving too close to the next one. At 2 a second: a call every 600 ms.
 */
const limiters = new Map<string, () => RateLimiterAbstract>();
const turns = (name: string, spacingSeconds: number) => {
  const key = `${name}:${spacingSeconds}`;
  if (!limiters.has(key)) limiters.set(key, sharedLimiter(name, 1, spacingSeconds));
  return limiters.get(key)!();
};
const resendTurns = () => turns('appels-resend', 1.2 / resendRate());
/**
 * A batch's call (up to 100 e-mails, a director watching a progress bar) first waits for a turn of its
 * own, one every 1.8/rate seconds: batches never take more than two turns in three, and a single
 * e-mail that a parent waits for (an activation, a link) finds a free turn within a turn or two even in
 * the rentrée's busiest hour.
 */
const batchTurns = () => turns('appels-resend-lots', 1.8 / resendRate());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Longest wait for a turn before the call is left for the job's next try. */
export const MAX_TURN_WAIT_MS = 60_000;

/**
 * Waits for a turn to call Resend (at most MAX_TURN_WAIT_MS; past it, throws: the job tries again
 * later, nothing was sent).
 */
export async function waitForResendTurn({
  batch = false,
  maxWaitMs = MAX_TURN_WAIT_MS,
}: { batch?: boolean; maxWaitMs?: number } = {}): Promise<void> {
  const start = Date.now();
  const end = start + maxWaitMs;
  if (batch) await waitOn(batchTurns, end, maxWaitMs);
  await waitOn(resendTurns, end, maxWaitMs);
  // Operators learn from the log when Resend's rate, not the workers, sets the pace: the sign to ask
  // Resend for more (and to raise RESEND_RATE_LIMIT with it).
  const waited = Date.now() - start;
  if (waited >= LONG_WAIT_MS) {
    log.warn({ attenteMs: waited, debit: resendRate(), lot: batch }, 'Resend : appel retardé par le débit permis');
  }
}

/** A wait for a turn long enough to be told in the log. */
const LONG_WAIT_MS = 10_000;

async function waitOn(limiter: () => RateLimiterAbstract, end: number, maxWaitMs: number): Promise<void> {
  for (;;) {
    try {
      await limiter().consume('equipe');
      return;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      if (Date.now() + e.msBeforeNext > end) {
        throw new Error(`Resend : pas de tour d'appel libre en ${Math.round(maxWaitMs / 1000)} s`);
      }
      // A few milliseconds apart, so that the waiters of one second do not all ask at the same instant.
      await sleep(e.msBeforeNext + Math.floor(Math.random() * 50));
    }
  }
}

/** What the Resend SDK answers: the error's name and the response's headers are what we read. */
interface ResendAnswer {
  error: { name: string; message: string } | null;
  headers: Record<string, string> | null;
}

/**
 * One call to Resend in its turn. A « too many » answered anyway (another service of the same team,
 * a limit lowered) is waited out as Resend says (`retry-after`, at most 10 s) and tried again, three
 * calls in all; the idempotency key makes the new call safe. Daily and monthly quotas are not waited
 * for here: the job's own retries are.
 */
export async function callResendInTurn<T extends ResendAnswer>(
  call: () => Promise<T>,
  { batch = false }: { batch?: boolean } = {},
): Promise<T> {
  for (let tries = 1; ; tries++) {
    await waitForResendTurn({ batch });
    const answer = await call();
    if (answer.error?.name !== 'rate_limit_exceeded' || tries === 3) return answer;
    const seconds = Number(answer.headers?.['retry-after']);
    await sleep(Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds : 1, 10) * 1000);
  }
}
