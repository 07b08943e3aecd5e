import 'server-only';
import { decryptSecret, encryptSecret, resealSecret } from '@/lib/accounts/secrets';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';

const SENTINEL = 'educonnect : clé des secrets';

const readSentinel = async () =>
  (await db.$queryRaw<{ sealed: string }[]>`select sealed from secret_key_check where id = 1`)[0];

/**
 * Whether this process's keys (ACCOUNT_SECRET_KEY, and a rotation's previous ones) open what the
 * service has sealed so far. The first process to ask seals a sentinel with its key; every later one
 * must open it. Several nodes with different keys would each seal provisional passwords, letters and
 * messages that the others cannot read: the node whose key differs is taken out by its health
 * (lib/health.ts) and a worker refuses to start (DECISIONS « A node with another key »).
 */
export async function secretKeyMatches(): Promise<boolean> {
  let row = await readSentinel();
  if (!row) {
    await db.$executeRaw`
      insert into secret_key_check (id, sealed) values (1, ${encryptSecret(SENTINEL)}) on conflict (id) do nothing`;
    row = await readSentinel(); // ours, or that of a process that sealed it first
  }
  if (!row) return false;
  try {
    return decryptSecret(row.sealed) === SENTINEL;
  } catch {
    return false;
  }
}

export const KEY_MISMATCH =
  'ACCOUNT_SECRET_KEY n’ouvre pas ce que le service a déjà scellé (mots de passe provisoires, courriers, ' +
  'messages) : ce processus n’a pas la clé des autres. Donnez-lui la même clé ; pendant une rotation, la ' +
  'nouvelle dans ACCOUNT_SECRET_KEY et l’ancienne dans ACCOUNT_SECRET_KEYS_PREVIOUS (README, DEPLOYMENT).';

/** Refuses, with the operator's French sentence, a process whose keys do not match the service's. */
export async function requireSecretKeyMatches(): Promise<void> {
  if (!(await secretKeyMatches())) throw new DomainError('CONFIGURATION_INVALID', { problem: KEY_MISMATCH });
}

/** `secrets:rotate`: the sentinel sealed again with the current key (true when it was not already). */
export async function resealSecretKeyCheck(): Promise<boolean> {
  const row = await readSentinel();
  const next = row ? resealSecret(row.sealed) : null;
  if (!next) return false;
  return (
    (await db.$executeRaw`update secret_key_check set sealed = ${next} where id = 1 and sealed = ${row.sealed}`) > 0
  );
}
