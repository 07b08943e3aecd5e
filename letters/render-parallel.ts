/**
 * Chunks of letters rendered on worker threads (one per core, two at most), for the jobs and the
 * CLI. Never imported by the web server. The threads run our modules bundled in memory
 * (lib/threads/thread-code.ts): two threads ready in 1.3 s instead of 2.3 s through tsx.
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
 * a tenth slower) and 1,000 letters stay near 450 MB (docs/BENCHMARKS.md).
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };

function renderOnThread(worker: Worker, letters: PaperLetterInput[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('error', onError);
    worker.once('message', (m: { ok: true; pdf: Uint8Array } | { ok: false; message: string }) => {
      worker.off('error', onError);
      if (m.ok) resolve(m.pdf);
      else reject(new Error(`rendu des courriers impossible : ${m.message}`));
    });
    worker.postMessage(letters);
  });
}

export const renderChunksOnThreads: ChunkRenderer = async (chunks, done) => {
  const threads = Math.max(1, Math.min(2, os.availableParallelism(), chunks.length));
  const workers = await startThreads(new URL('./render-worker-body.tsx', import.meta.url), threads, {
    resourceLimits: THREAD_LIMITS,
    // A thread that only renders PDFs has no use for React's development checks, which cost a
    // fifth of the rendering time; the tests keep theirs (NODE_ENV=test).
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' },
  });
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (let i = next++; i < chunks.length; i = next++) done(i, await renderOnThread(w, chunks[i]));
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
};
