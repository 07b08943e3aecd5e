/**
 * Chunks of letters rendered on worker threads (one per core, two at most), for the jobs and the
 * CLI. Never imported by the web server. The threads run our modules bundled in memory
 * (lib/threads/thread-code.ts): two threads ready in 1.3 s instead of 2.3 s through tsx.
 *
 * The threads are kept, warm, for a few minutes after a batch. A fresh thread renders its first
 * chunk of 50 letters in 3.6 s and reaches 0.9 s a chunk only after ten or so (modules, fonts,
 * shaped sentences and V8's compiled code are its own): for 1,000 letters, the warm-up was a
 * third of the time (docs/BENCHMARKS.md). Batches that follow one another — a school's classes
 * notified one by one, several directors on a September morning — get warm threads; an idle
 * worker process gives their memory back after KEEP_IDLE_MS. Idle threads never keep a process
 * (the CLI) alive.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startThreads } from '@/lib/threads/thread-code';
import type { ChunkRenderer } from './render';
import type { PaperLetterInput } from './render-chunk';

/**
 * A thread costs about 90 MB once its modules are loaded, and a chunk of 50 letters needs about
 * 120 MB of heap more; left unbounded, each thread's heap grows well past that before V8 collects,
 * and two threads plus the merge pass 650 MB for 1,000 letters. Bounded, V8 collects sooner (about
 * a tenth slower) and 1,000 letters stay under 500 MB (docs/BENCHMARKS.md). The young generation
 * (32 MB) holds a chunk's short-lived layout objects: at 16 MB, warm batches of 1,000 letters took
 * 10.8–13.2 s, at 32 MB 9.6–11.1 s (alternated, same session), peak memory 455–466 → 460–487 MB.
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32 };
/**
 * react-pdf bundled into the threads' code, its text layout engine remembering the paragraphs it
 * has laid out (letters/text-layout-memo.ts): a letter's rendering takes half the time.
 */
const REMEMBERED_LAYOUTS = {
  inline: ['@react-pdf/renderer', '@react-pdf/layout'],
  substitutes: { '@react-pdf/textkit': new URL('./text-layout-memo.ts', import.meta.url) },
};
/** How long idle threads are kept for the next batch. */
const KEEP_IDLE_MS = 5 * 60_000;

interface Task {
  letters: PaperLetterInput[];
  resolve(pdf: Uint8Array): void;
  reject(e: Error): void;
  /** The batch gave up (another of its chunks failed): not worth rendering. */
  cancelled(): boolean;
}

type Reply = { ok: true; pdf: Uint8Array } | { ok: false; message: string };

/** Each thread, and the chunk it is rendering (none: idle). */
const threads = new Map<Worker, Task | null>();
const idle: Worker[] = [];
const queue: Task[] = [];
/** How many threads the batches asked for; 0 once stopped. */
let wanted = 0;
let starting: Promise<void> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let started = 0;

/** Threads started by this process so far (the tests and the bench see the reuse). */
export const renderThreadsStarted = () => started;

/** Ends the threads now (a worker process stopping; the tests). Chunks not yet done fail. */
export async function stopRenderThreads(): Promise<void> {
  wanted = 0;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const stopped = new Error('rendu des courriers interrompu : arrêt des fils');
  for (const t of queue.splice(0)) t.reject(stopped);
  const all = [...threads.keys()];
  await Promise.all(all.map((w) => w.terminate()));
  // Their ends were handled as they came (`lost`); nothing of them stays in the pool.
  for (const w of all) threads.delete(w);
  idle.length = 0;
}

async function ensureThreads(count: number): Promise<void> {
  wanted = Math.max(wanted, count);
  while (threads.size < wanted) {
    starting ??= (async () => {
      const fresh = await startThreads(
        new URL('./render-worker-body.tsx', import.meta.url),
        wanted - threads.size,
        {
          resourceLimits: THREAD_LIMITS,
          // A thread that only renders PDFs has no use for React's development checks, which cost a
          // fifth of the rendering time; the tests keep theirs (NODE_ENV=test).
          env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' },
        },
        REMEMBERED_LAYOUTS,
      );
      started += fresh.length;
      for (const w of fresh) adopt(w);
    })().finally(() => (starting = null));
    await starting;
  }
}

/** A new thread joins the pool: idle, not keeping the process alive, its ends always handled. */
function adopt(worker: Worker): void {
  worker.unref();
  threads.set(worker, null);
  idle.push(worker);
  worker.on('message', (reply: Reply) => {
    const task = threads.get(worker);
    if (!task) return;
    threads.set(worker, null);
    worker.unref();
    idle.push(worker);
    if (reply.ok) task.resolve(reply.pdf);
    else task.reject(new Error(`rendu des courriers impossible : ${reply.message}`));
    dispatch();
  });
  const lost = (e: Error) => {
    // A thread that failed (out of memory…) or ended is let go, its chunk failed; while chunks
    // wait, a new thread takes its place.
    if (!threads.has(worker)) return;
    const task = threads.get(worker);
    threads.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    void worker.terminate();
    task?.reject(e);
    if (queue.length && wanted) {
      ensureThreads(wanted).then(dispatch, (failure: Error) => {
        for (const t of queue.splice(0)) t.reject(failure);
      });
    }
    dispatch();
  };
  worker.on('error', lost);
  worker.on('exit', (code) => lost(new Error(`fil de rendu des courriers arrêté (code ${code})`)));
}

function dispatch(): void {
  while (idle.length && queue.length) {
    const task = queue.shift()!;
    if (task.cancelled()) {
      task.reject(new Error('lot abandonné'));
      continue;
    }
    const worker = idle.pop()!;
    threads.set(worker, task);
    // Busy, the thread keeps the process alive until its chunk is back.
    worker.ref();
    worker.postMessage(task.letters);
  }
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!queue.length && threads.size && idle.length === threads.size) {
    idleTimer = setTimeout(() => void stopRenderThreads(), KEEP_IDLE_MS);
    idleTimer.unref();
  }
}

export const renderChunksOnThreads: ChunkRenderer = async (chunks, done) => {
  // Kept threads are not let go while this batch waits for more of them.
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  await ensureThreads(Math.max(1, Math.min(2, os.availableParallelism(), chunks.length)));
  if (!threads.size) throw new Error('rendu des courriers interrompu : arrêt des fils');
  let failure: Error | null = null;
  const results = chunks.map(
    (letters, index) =>
      new Promise<void>((resolve) => {
        queue.push({
          letters,
          cancelled: () => failure !== null,
          resolve: (pdf) => {
            done(index, pdf);
            resolve();
          },
          reject: (e) => {
            failure ??= e;
            resolve();
          },
        });
      }),
  );
  dispatch();
  // Every chunk settled before answering, so that none of this batch is still rendering after.
  await Promise.all(results);
  if (failure) throw failure;
};
