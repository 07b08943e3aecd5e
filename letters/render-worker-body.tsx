/** Worker thread body: renders the chunks of letters it is given, one PDF per message. */
import { parentPort } from 'node:worker_threads';
import { renderLettersChunk, type PaperLetterInput } from './render-chunk';

parentPort!.on('message', async (letters: PaperLetterInput[]) => {
  try {
    const pdf = await renderLettersChunk(letters);
    parentPort!.postMessage({ ok: true, pdf }, [pdf.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ ok: false, message: (e as Error).message });
  }
});
