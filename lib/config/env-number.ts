import { DomainError } from '@/lib/errors';

/**
 * A number read from an operator's setting: the fallback when unset, a clear French configuration
 * error when it is not a number between 0 and `max` (integers only unless `decimal`).
 */
export function envNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  { max, decimal = false }: { max: number; decimal?: boolean },
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!(decimal ? /^\d+(\.\d+)?$/ : /^\d+$/).test(text) || n > max) {
    const kind = decimal ? 'un nombre' : 'un nombre entier';
    throw new DomainError('CONFIGURATION_INVALID', {
      problem: `${name} attend ${kind} entre 0 et ${max} (reçu : « ${text} »).`,
    });
  }
  return n;
}
