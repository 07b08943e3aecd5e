/**
 * The web server of a node, one Next.js process per core. One Node process runs JavaScript on one
 * core: under twenty directors or twenty parents signing in at once, `next start` kept its core
 * busy while the node's other one waited (docs/BENCHMARKS.md). Node's cluster module lets
 * WEB_PROCESSES processes share one port, the primary handing each new connection to the next
 * process in turn. Nothing is kept in a process that another would need (sessions, locks,
 * counters and jobs live in PostgreSQL: DESIGN.md, tests/e2e/two-nodes.spec.ts).
 *
 * The primary only forks, hands connections out and watches: a process that dies is replaced; one
 * that keeps dying at start (a port taken, a broken build) ends the whole server with its code,
 * rather than looping. SIGTERM or SIGINT stop every process and wait for them.
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { envNumber } from '@/lib/config/env-number';
import { processEnv } from '@/lib/config/process-kind';

/** WEB_PROCESSES, or one process per core the machine gives this one (unset or 0). */
export function webProcessCount(env: Record<string, string | undefined> = process.env): number {
  return envNumber(env, 'WEB_PROCESSES', 0, { max: 64 }) || os.availableParallelism();
}

/** A process that dies this soon after it started counts as failing to start. */
const EARLY_EXIT_MS = 10_000;
/** This many early deaths in a row and the server gives up. */
const MAX_EARLY_EXITS = 3;

export interface WebProcesses {
  /** Ends with the code the server stops with: 0 when asked to stop, else the failing process's. */
  exited: Promise<number>;
  stop(): Promise<number>;
}

export function startWebProcesses({
  exec,
  args,
  execArgv,
  count,
  log,
  stopTimeoutMs = 10_000,
}: {
  /** The script each process runs, with its arguments and Node's options. */
  exec: string;
  args: string[];
  execArgv: string[];
  count: number;
  log: (message: string) => void;
  /** How long processes asked to stop get before they are killed. */
  stopTimeoutMs?: number;
}): WebProcesses {
  cluster.setupPrimary({ exec, args, execArgv });
  const started = new Map<Worker, number>();
  let stopping = false;
  let earlyExits = 0;
  let finish: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (finish = r));
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);

  const fork = () => started.set(cluster.fork(processEnv('web')), Date.now());
  const stopAll = async (code: number) => {
    if (stopping) return exited;
    stopping = true;
    const workers = live();
    const gone = Promise.all(workers.map((w) => new Promise((r) => (w.isDead() ? r(null) : w.once('exit', r)))));
    for (const w of workers) w.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of live()) w.process.kill('SIGKILL');
    }, stopTimeoutMs);
    await gone;
    clearTimeout(timer);
    finish(code);
    return exited;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    if (earlyExits >= MAX_EARLY_EXITS) {
      log(`le serveur web s’arrête : ${earlyExits} processus sont morts au démarrage (dernier : ${how}).`);
      void stopAll(code || 1);
      return;
    }
    log(`un processus du serveur web s’est arrêté (${how}) : il est remplacé.`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  log(`serveur web : ${count} processus (WEB_PROCESSES).`);
  return { exited, stop: () => stopAll(0) };
}
