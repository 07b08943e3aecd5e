import { envNumber } from '@/lib/config/env-number';

/**
 * The numbers the workers read from the environment, each with its default and its largest value, in
 * one place: the readers (workers/runner.ts, lib/messaging/) take them through `workerNumber`, and
 * the start checks them all (lib/config/service-env.ts). 0 keeps the default, except where it means
 * something (`zero`: no reserved slots).
 */
export const WORKER_NUMBERS = {
  WORKER_CONCURRENCY: { fallback: 4, max: 64, zero: false },
  WORKER_URGENT_CONCURRENCY: { fallback: 2, max: 64, zero: true },
  RESEND_RATE_LIMIT: { fallback: 2, max: 10_000, zero: false },
  PROVIDER_TIMEOUT_MS: { fallback: 15_000, max: 600_000, zero: false },
} as const;

export type WorkerNumber = keyof typeof WORKER_NUMBERS;

/** A worker's number as the operator set it; a clear French configuration error when it is not one. */
export function workerNumber(name: WorkerNumber, env: Record<string, string | undefined> = process.env): number {
  const { fallback, max, zero } = WORKER_NUMBERS[name];
  const n = envNumber(env, name, fallback, { max });
  return n === 0 && !zero ? fallback : n;
}
