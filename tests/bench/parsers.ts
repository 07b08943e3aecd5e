/**
 * The reading floor of the import bench (issue « Speed », item 1): how fast XML can be read at all.
 * - `expatSeconds`: Python's expat (C, streaming) reads every file once, on one core — without
 *   handlers (the floor), and with no-op Python handlers for elements and text;
 * - `scannerMbPerSecond`: our scanner and record builder (`readAafFile`) on one file, one thread,
 *   beside saxes (pure JavaScript) and sax-wasm (Rust compiled to WebAssembly) on the same bytes,
 *   each with no-op handlers for the events a reader needs (open tags, text).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { SaxesParser } from 'saxes';
import { SAXParser, SaxEventType } from 'sax-wasm';
import { readAafFile } from '@/lib/directory/aaf/aaf-parser';

const EXPAT = `
import sys, time, xml.parsers.expat
def read(names, handlers):
    total = 0.0
    for name in names:
        p = xml.parsers.expat.ParserCreate()
        if handlers:
            p.StartElementHandler = lambda n, a: None
            p.CharacterDataHandler = lambda d: None
        t = time.perf_counter()
        with open(name, 'rb') as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                p.Parse(chunk, False)
        p.Parse(b'', True)
        total += time.perf_counter() - t
    return total
print(read(sys.argv[1:], False), read(sys.argv[1:], True))
`;

/**
 * Seconds expat takes to read all `files` once, one after the other, in one process (one core):
 * `parse` with no handler (the C parser alone: the floor), `withCallbacks` with no-op Python
 * handlers for elements and text (what a Python reader would at least pay).
 */
export function expatSeconds(files: string[]): { parse: number; withCallbacks: number } {
  const r = spawnSync('python3', ['-c', EXPAT, ...files], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`python3 (expat) : ${r.stderr}`);
  const [parse, withCallbacks] = r.stdout.trim().split(/\s+/).map(Number);
  return { parse, withCallbacks };
}

const mbPerSecond = (bytes: number, ms: number) => +(bytes / 1e6 / (ms / 1000)).toFixed(1);

/** Our reader, saxes and sax-wasm on the same file, in this thread: MB/s (best of two passes each). */
export async function scannerMbPerSecond(
  file: string,
): Promise<{ nous: number; nousBaliseParBalise: number; saxes: number; saxWasm: number }> {
  const bytes = fs.statSync(file).size;
  const head = fs.readFileSync(file).subarray(0, 200).toString('latin1');
  const encoding = /encoding="([^"]+)"/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const best = async (run: () => Promise<void>) => {
    let min = Infinity;
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      await run();
      min = Math.min(min, performance.now() - t);
    }
    return mbPerSecond(bytes, min);
  };
  // Ours as the import reads (plain records from their bytes), and with every record through the scanner.
  const ourReader = (plainRecords: boolean) =>
    best(async () => {
      let n = 0;
      for await (const batch of readAafFile(file, { plainRecords })) n += batch.length;
      if (!n) throw new Error('aucun enregistrement lu');
    });
  const ours = await ourReader(true);
  const scanned = await ourReader(false);
  const saxes = await best(async () => {
    const parser = new SaxesParser();
    let tags = 0;
    parser.on('opentag', () => void tags++);
    parser.on('text', () => undefined);
    const decoder = new TextDecoder(encoding);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    }
    parser.close();
    if (!tags) throw new Error('saxes : aucune balise');
  });
  const wasm = fs.readFileSync(createRequire(import.meta.url).resolve('sax-wasm/lib/sax-wasm.wasm'));
  const saxWasm = await best(async () => {
    const parser = new SAXParser(SaxEventType.OpenTag | SaxEventType.Text);
    let tags = 0;
    parser.eventHandler = (type) => {
      if (type === SaxEventType.OpenTag) tags++;
    };
    await parser.prepareWasm(wasm);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      parser.write(chunk as Buffer);
    }
    parser.end();
    if (!tags) throw new Error('sax-wasm : aucune balise');
  });
  return { nous: ours, nousBaliseParBalise: scanned, saxes, saxWasm };
}
