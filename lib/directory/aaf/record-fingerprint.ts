/**
 * Fingerprints of full-export records (issue « Speed near the floor »): a nightly full export repeats
 * almost every record of the night before byte for byte. A record's fingerprint is taken on its raw
 * bytes, `<addRequest>` to `</addRequest>`, before anything is decoded; the pupil or guardian row it
 * was merged into keeps it (`aaf_fingerprint`). The next night, a record whose fingerprint a row
 * still holds is recognised and skipped by the reader: only its place in the files is staged.
 *
 * MD5 serves as a change detector here, not as a defence (the exports come from the ministry's own
 * directory): 64 of its bits, over the record's bytes preceded by what gives them their meaning — the
 * category, the file's encoding and FINGERPRINT_VERSION.
 */
import { createHash } from 'node:crypto';
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';

/**
 * Bump when what a record becomes changes (aaf-mapping.ts, the staged columns, the merges): every
 * stored fingerprint then stops matching and the next full export is read whole, once.
 * tests/unit/record-fingerprint.test.ts fails when those files change without this being looked at.
 */
export const FINGERPRINT_VERSION = 2;

/** The categories whose records are fingerprinted (the others are a few thousand: read each night). */
export const FINGERPRINTED = ['Eleve', 'PersRelEleve'] as const satisfies readonly AafCategory[];
export type FingerprintedCategory = (typeof FINGERPRINTED)[number];
export const isFingerprinted = (c: AafCategory): c is FingerprintedCategory =>
  (FINGERPRINTED as readonly AafCategory[]).includes(c);

export function fingerprintSeed(category: AafCategory, encoding: string): Buffer {
  return Buffer.from(`${FINGERPRINT_VERSION}\0${category}\0${encoding}\0`, 'latin1');
}

/** The fingerprint of `bytes[start, end)`, a signed 64-bit integer (PostgreSQL's bigint). */
export function fingerprint(seed: Buffer, bytes: Buffer, start: number, end: number): bigint {
  return createHash('md5').update(seed).update(bytes.subarray(start, end)).digest().readBigInt64LE(0);
}

/**
 * The fingerprints the directory holds for one category, sorted, in memory shared between the
 * reading threads (a SharedArrayBuffer crosses postMessage without a copy): 8 bytes per record.
 */
export class KnownFingerprints {
  constructor(readonly sorted: BigInt64Array) {}

  /** From values in any order (tests). */
  static of(values: Iterable<bigint>): KnownFingerprints {
    const list = [...values];
    const sorted = new BigInt64Array(new SharedArrayBuffer(list.length * 8));
    sorted.set(list);
    sorted.sort();
    return new KnownFingerprints(sorted);
  }

  /**
   * From PostgreSQL's `string_agg(int8send(v), '')`: 8-byte big-endian values in any order, sorted
   * here (55 ms for 915,000 values, where PostgreSQL's `order by` cost 250–400 ms).
   */
  static fromPacked(packed: Buffer | null): KnownFingerprints {
    const n = packed ? packed.length / 8 : 0;
    const sorted = new BigInt64Array(new SharedArrayBuffer(n * 8));
    for (let i = 0; i < n; i++) sorted[i] = packed!.readBigInt64BE(i * 8);
    sorted.sort();
    return new KnownFingerprints(sorted);
  }

  has(fp: bigint): boolean {
    const a = this.sorted;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid];
      if (v === fp) return true;
      if (v < fp) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  get size() {
    return this.sorted.length;
  }
}
