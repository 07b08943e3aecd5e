/**
 * One `bigint` column read out of PostgreSQL by a binary COPY, as it streams, into shared memory: the
 * known fingerprints of a full export (stage-pool.ts). Read as one packed value (`string_agg` of
 * `int8send`), the fingerprints crossed the connection as hex text, became a string, then a buffer,
 * then the array: 7.5 to 8 times the array's 8 bytes per record at the highest, 220–236 MB for the
 * 3.66 million guardians of an export four times an académie's, a term that grows with the export.
 * Streamed, the values go straight into fixed blocks; the peak is the blocks and the array, then the
 * array and the sort's copy: 117–171 MB for the same guardians (docs/BENCHMARKS.md, session 31).
 */
import os from 'node:os';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** PostgreSQL's binary COPY signature (« PGCOPY\n\377\r\n\0 »), then 4 bytes of flags and 4 of extension length. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;
/** A row: 2 bytes of field count (1), 4 of length (8), the 8 bytes of the value. */
const ROW = 14;
/** Values per block: 1 MiB. */
const BLOCK = 1 << 17;
const LITTLE_ENDIAN = os.endianness() === 'LE';

const malformed = (what: string) => new Error(`COPY binaire d'une colonne bigint : ${what}`);

/**
 * Parses the binary COPY of rows of one non-null `bigint`, in pieces cut anywhere; `end()` returns
 * the values in a SharedArrayBuffer, in the order of the rows.
 */
export class Int8CopyReader {
  private readonly blocks: Uint8Array[] = [];
  private block = new Uint8Array(BLOCK * 8);
  private inBlock = 0;
  private count = 0;
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;

  push(piece: Buffer): void {
    if (!piece.length) return;
    if (this.ended) throw malformed('des octets après la fin');
    const b = this.rest.length ? Buffer.concat([this.rest, piece]) : piece;
    let p = 0;
    if (!this.headerRead) {
      if (b.length < HEADER) {
        this.rest = b;
        return;
      }
      if (!b.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw malformed('signature inconnue');
      // Bits 0–15 would change the format, bit 16 adds a column (OIDs); the others may be ignored.
      if (b.readUInt32BE(SIGNATURE.length) & 0x1ffff) throw malformed('options inattendues');
      const extension = b.readUInt32BE(SIGNATURE.length + 4);
      if (b.length < HEADER + extension) {
        this.rest = b;
        return;
      }
      p = HEADER + extension;
      this.headerRead = true;
    }
    while (b.length - p >= 2) {
      const fields = b.readInt16BE(p);
      if (fields === -1) {
        this.ended = true;
        p += 2;
        if (p !== b.length) throw malformed('des octets après la fin');
        break;
      }
      if (fields !== 1) throw malformed(`${fields} colonnes par ligne`);
      if (b.length - p < 6) break;
      const length = b.readInt32BE(p + 2);
      if (length !== 8) throw malformed(length === -1 ? 'une valeur nulle' : `une valeur de ${length} octets`);
      if (b.length - p < ROW) break;
      this.take(b, p + 6);
      p += ROW;
    }
    this.rest = b.subarray(p);
  }

  /** The values read, once the end of the COPY was read. */
  end(): BigInt64Array {
    if (!this.ended) throw malformed('tronquée');
    const out = new Uint8Array(new SharedArrayBuffer(this.count * 8));
    let at = 0;
    for (const block of [...this.blocks, this.block]) {
      const bytes = Math.min(block.length, out.length - at);
      out.set(block.subarray(0, bytes), at);
      at += bytes;
    }
    this.blocks.length = 0;
    return new BigInt64Array(out.buffer);
  }

  /** The 8 big-endian bytes at `p`, in this machine's order. */
  private take(b: Buffer, p: number) {
    if (this.inBlock === BLOCK) {
      this.blocks.push(this.block);
      this.block = new Uint8Array(BLOCK * 8);
      this.inBlock = 0;
    }
    const o = this.inBlock * 8;
    const block = this.block;
    if (LITTLE_ENDIAN) for (let k = 0; k < 8; k++) block[o + k] = b[p + 7 - k];
    else for (let k = 0; k < 8; k++) block[o + k] = b[p + k];
    this.inBlock++;
    this.count++;
  }
}

/** The values of `select`, a query of one non-null bigint column, run on `client` by a binary COPY. */
export async function copyOutInt8(client: pg.Client, select: string): Promise<BigInt64Array> {
  const reader = new Int8CopyReader();
  const stream = client.query(copyTo(`copy (${select}) to stdout with (format binary)`));
  // On bytes it refuses, the rest is still read: the connection stays in step with the server (the
  // import then rolls back on it).
  let refused: unknown = null;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    if (refused) continue;
    try {
      reader.push(piece);
    } catch (e) {
      refused = e;
    }
  }
  if (refused) throw refused;
  return reader.end();
}
