/**
 * Streaming reader of AAF XML exports (DESIGN.md §7): envelope `ficAlimMENESR`, then
 * `addRequest` / `modifyRequest` / `deleteRequest`, each with `identifier/id` and attributes
 * (`attr name=…` holding `value` elements; `modification name=…` is accepted in modify requests).
 * UTF-8 or ISO-8859-15 (and Latin-1 / Windows-1252), as the XML declaration says. Memory stays
 * flat: records are handed out chunk by chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import { fingerprint, fingerprintSeed, type KnownFingerprints } from '@/lib/directory/aaf/record-fingerprint';
import { PlainRecordReader } from '@/lib/directory/aaf/record-reader';
import { XmlScanner, XmlSyntaxError } from '@/lib/directory/aaf/xml-scanner';
import { importRefused } from '@/lib/directory/import/errors';

export type AafOperation = 'add' | 'modify' | 'delete';

export interface AafRecord {
  op: AafOperation;
  id: string;
  /** Attribute name → values; an empty `<value/>` is an absent value and is dropped. */
  attrs: Map<string, string[]>;
  /** Line of the request's opening tag. */
  line: number;
  /** With `recognise`: the fingerprint of an `<addRequest>` read whole from its own bytes. */
  fingerprint?: bigint;
}

/** Reading a full export against the fingerprints the directory holds (record-fingerprint.ts). */
export interface Recognition {
  category: AafCategory;
  known: KnownFingerprints;
  /** A record the directory holds byte for byte: neither decoded nor returned, only its place said. */
  onKnown(fingerprint: bigint, line: number): void;
}

const OPEN = Buffer.from('<addRequest>', 'latin1');
const OPEN_NAME = Buffer.from('<addRequest', 'latin1');
const CLOSE = Buffer.from('</addRequest>', 'latin1');
/** A request longer than this is read without a fingerprint rather than held whole in memory. */
const MAX_RECORD_BYTES = 1 << 20;

function newlines(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10, start); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Where the first byte that UTF-8 refuses stands in `bytes`, or -1 (a sequence cut by the end of the
 * bytes is not refused: the next read completes it). The only encoding here that can refuse bytes.
 */
export function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (!n) return i;
    // The second byte's range narrows for the overlong, surrogate and beyond-U+10FFFF forms.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      if (i + k >= bytes.length) return -1;
      const d = bytes[i + k];
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

const OPS: Record<string, AafOperation> = { addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' };
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-15': 'iso-8859-15',
  'iso-8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'windows-1252': 'windows-1252',
};
/** What the other names of these encodings decode as (WHATWG's labels: iso8859-15, us-ascii, cp1252…). */
const DECODED_AS = new Set(['utf-8', 'iso-8859-15', 'windows-1252']);

/**
 * The encoding a declaration's name stands for, or null: the names above (kept as they are, since a
 * record's fingerprint starts from its file's encoding), then any other name of UTF-8, ISO-8859-15
 * or ISO-8859-1 that writers use (`ISO8859_15` in Java, `Latin-9`, `US-ASCII`).
 */
function encodingOf(name: string): string | null {
  const lower = name.toLowerCase();
  if (ENCODINGS[lower]) return ENCODINGS[lower];
  try {
    const decoded = new TextDecoder(lower.replace(/_/g, '-').replace(/^latin-?9$/, 'l9')).encoding;
    return DECODED_AS.has(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

/** The encoding the XML declaration names (UTF-8 when there is none, as XML says). */
export function declaredEncoding(head: Buffer, file: string): string {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw importRefused('encodage UTF-16 non pris en charge (UTF-8 ou ISO-8859-15 attendu)', file, 1);
  const text = head.toString('latin1');
  if (text.charCodeAt(0) === 0xef && text.charCodeAt(1) === 0xbb && text.charCodeAt(2) === 0xbf) return 'utf-8';
  const decl = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  if (!decl) return 'utf-8';
  const enc = encodingOf(decl[1]);
  if (!enc) throw importRefused(`encodage « ${decl[1]} » non pris en charge (UTF-8 ou ISO-8859-15 attendu)`, file, 1);
  return enc;
}

export async function* readAafFile(
  filePath: string,
  {
    recognise,
    readBytes = 1024 * 1024,
    plainRecords = true,
  }: {
    recognise?: Recognition;
    readBytes?: number;
    /** false: every record through the general scanner (tests compare both ways, record-reader.ts). */
    plainRecords?: boolean;
  } = {},
): AsyncGenerator<AafRecord[]> {
  const file = path.basename(filePath);
  const fd = await fs.promises.open(filePath, 'r');
  const head = Buffer.alloc(200);
  await fd.read(head, 0, 200, 0);
  await fd.close();
  const encoding = declaredEncoding(head, file);
  const decoder = new TextDecoder(encoding, { fatal: true });

  let batch: AafRecord[] = [];
  let current: AafRecord | null = null;
  let depth = 0;
  let attrName: string | null = null;
  let inOperational = false;
  let inId = false;
  let text = '';
  let problem: ReturnType<typeof importRefused> | null = null;
  // The fingerprint of the request about to be read whole, and the requests completed so far.
  let fingerprintForNext: bigint | undefined;
  let completed = 0;
  let lastCompleted: AafRecord | null = null;
  /** A request read whole, by the scanner or from its bytes (record-reader.ts). */
  const complete = (record: AafRecord) => {
    batch.push(record);
    lastCompleted = record;
    completed++;
  };

  const scanner = new XmlScanner({
    open(name, attrs, line) {
      depth++;
      text = '';
      if (depth === 1) {
        if (name !== 'ficAlimMENESR')
          problem ??= importRefused(`enveloppe « ${name} » inattendue (ficAlimMENESR attendue)`, file, line);
        return;
      }
      if (depth === 2) {
        const op = OPS[name];
        if (!op) problem ??= importRefused(`requête « ${name} » inconnue`, file, line);
        else {
          current = { op, id: '', attrs: new Map(), line };
          if (fingerprintForNext !== undefined && op === 'add') current.fingerprint = fingerprintForNext;
          fingerprintForNext = undefined;
        }
        return;
      }
      if (!current) return;
      if (name === 'operationalAttributes') inOperational = true;
      else if (name === 'id') inId = true;
      else if ((name === 'attr' || name === 'modification') && !inOperational) {
        attrName = attrs.name ?? '';
        if (!current.attrs.has(attrName)) current.attrs.set(attrName, []);
      }
    },
    text(value) {
      text += value;
    },
    close(name) {
      depth--;
      if (current) {
        if (name === 'operationalAttributes') inOperational = false;
        else if (name === 'id' && inId) {
          current.id = text.trim();
          inId = false;
        } else if (name === 'value' && attrName !== null && !inOperational) {
          const v = text.trim();
          if (v) current.attrs.get(attrName)!.push(v);
        } else if (name === 'attr' || name === 'modification') attrName = null;
        else if (depth === 1) {
          if (!current.id) problem ??= importRefused('requête sans identifiant (identifier/id)', file, current.line);
          complete(current);
          current = null;
        }
      }
      text = '';
    },
  });

  const fail = (e: unknown): never => {
    if (e instanceof XmlSyntaxError) throw importRefused(`XML mal formé (${e.message})`, file, e.line);
    throw e;
  };
  /**
   * Decodes the next bytes (or the end, without any): invalid bytes for the declared encoding are
   * refused, at the line where they stand.
   */
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      const invalid = chunk ? Math.max(0, firstInvalidUtf8(chunk)) : 0;
      throw importRefused(
        `octets invalides pour l'encodage déclaré ${encoding.toUpperCase()}`,
        file,
        scanner.lineAtEnd() + (chunk ? newlines(chunk, 0, invalid) : 0),
      );
    }
  };
  const feed = (bytes: Buffer) => {
    if (!bytes.length) return;
    const decoded = decode(bytes);
    try {
      scanner.write(decoded);
    } catch (e) {
      fail(e);
    }
  };
  const seed = recognise ? fingerprintSeed(recognise.category, encoding) : null;
  const plain = plainRecords ? new PlainRecordReader(encoding) : null;
  /** A plain request read from its bytes at a boundary between the root's children (record-reader.ts). */
  const readPlain = (bytes: Buffer, start: number, end: number, fp: bigint | undefined): boolean => {
    if (!plain || problem || !scanner.atChildBoundary()) return false;
    const read = plain.read(bytes, start, end);
    if (!read) return false;
    const line = scanner.skipChild(newlines(bytes, start, end));
    const record: AafRecord = { op: 'add', id: read.id, attrs: read.attrs, line };
    if (fp !== undefined) record.fingerprint = fp;
    complete(record);
    return true;
  };
  /**
   * A request read whole, with its fingerprint: the fingerprint stays on the record only when the
   * request's bytes held exactly that record, from a boundary between the root's children to the next.
   */
  const feedFingerprinted = (bytes: Buffer, fp: bigint) => {
    const before = completed;
    fingerprintForNext = scanner.atChildBoundary() ? fp : undefined;
    feed(bytes);
    fingerprintForNext = undefined;
    if (lastCompleted?.fingerprint === fp && !(completed === before + 1 && scanner.atChildBoundary()))
      delete lastCompleted.fingerprint;
  };
  /**
   * Splits the bytes read into `<addRequest>…</addRequest>` requests — each fingerprinted when
   * recognising, read from its bytes when plain (record-reader.ts), else fed to the scanner — and what
   * lies between (fed as it is); returns the bytes kept for the next read (a request not yet whole).
   */
  const split = (bytes: Buffer): Buffer | null => {
    let pos = 0;
    for (;;) {
      const start = bytes.indexOf(OPEN, pos);
      if (start < 0) {
        // The last bytes may begin an <addRequest> that the next read completes.
        const keep = Math.max(pos, bytes.length - (OPEN.length - 1));
        feed(bytes.subarray(pos, keep));
        pos = keep;
        break;
      }
      feed(bytes.subarray(pos, start));
      pos = start;
      const close = bytes.indexOf(CLOSE, start + OPEN.length);
      if (close < 0) {
        if (bytes.length - start <= MAX_RECORD_BYTES) break;
        feed(bytes.subarray(start));
        pos = bytes.length;
        break;
      }
      const end = close + CLOSE.length;
      const inner = bytes.indexOf(OPEN_NAME, start + 1);
      if (inner >= 0 && inner < end) {
        // Something that is not one plain request (a nested one, or one inside a comment): read as it is.
        feed(bytes.subarray(start, end));
      } else if (seed === null) {
        if (!readPlain(bytes, start, end, undefined)) feed(bytes.subarray(start, end));
      } else {
        const fp = fingerprint(seed, bytes, start, end);
        if (!problem && recognise!.known.has(fp) && scanner.atChildBoundary())
          recognise!.onKnown(fp, scanner.skipChild(newlines(bytes, start, end)));
        else if (!readPlain(bytes, start, end, fp)) feedFingerprinted(bytes.subarray(start, end), fp);
      }
      pos = end;
    }
    return pos < bytes.length ? bytes.subarray(pos) : null;
  };

  const stream = fs.createReadStream(filePath, { highWaterMark: readBytes });
  try {
    let kept: Buffer | null = null;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (recognise || plain) kept = split(kept ? Buffer.concat([kept, chunk]) : chunk);
      else feed(chunk);
      if (problem) throw problem;
      if (batch.length) {
        yield batch;
        batch = [];
      }
    }
    if (kept) feed(kept);
    const tail = decode();
    try {
      scanner.write(tail);
      scanner.end();
    } catch (e) {
      if (e instanceof XmlSyntaxError && e.message === 'aucun élément racine')
        throw importRefused('fichier vide ou sans enveloppe ficAlimMENESR', file, 1);
      fail(e);
    }
    if (problem) throw problem;
    if (batch.length) yield batch;
  } finally {
    stream.destroy();
  }
}
