/**
 * Chunks of letters rendered on worker threads (one per core, two at most), for the jobs and the
 * CLI. Never imported by the web server: a worker thread needs the project's TypeScript loader.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
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

export const renderChunksOnThreads: ChunkRenderer = async (chunks) => {
  const threads = Math.max(1, Math.min(2, os.availableParallelism(), chunks.length));
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./render-worker.mjs', import.meta.url), { resourceLimits: THREAD_LIMITS }),
  );
  const out: Uint8Array[] = new Array(chunks.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (let i = next++; i < chunks.length; i = next++) out[i] = await renderOnThread(w, chunks[i]);
      }),
    );
    return out;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
};
