/**
 * Fingerprints of full-export records (issue « Speed near the floor »): a nightly full export repeats
 * almost every record of the night before byte for byte. A record's fingerprint is taken on its raw
 * bytes, `<addRequest>` to `</addRequest>`, before anything is decoded; the pupil or guardian row it
 * was merged into keeps it (`aaf_fingerprint`). The next night, a record whose fingerprint a row
 * still holds is recognised and skipped by the reader: only its place in the files is staged.
 *
 * A change detector, not a defence (the exports come from the ministry's own directory): 64 bits of
 * MurmurHash3 (x86, 128 bits), over the record's bytes, seeded with what gives them their meaning —
 * the category, the file's encoding and FINGERPRINT_VERSION. Until version 2 it was MD5: a record
 * cost 2.5 µs there, most of it in creating the hash and its digest for 870 bytes, against 0.5 µs
 * here, and every record of every full export is fingerprinted (docs/BENCHMARKS.md, session 30).
 */
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';

/**
 * Bump when what a record becomes changes (aaf-mapping.ts, the staged columns, the merges): every
 * stored fingerprint then stops matching and the next full export is read whole, once.
 * tests/unit/record-fingerprint.test.ts fails when those files change without this being looked at.
 */
export const FINGERPRINT_VERSION = 3;

/** The categories whose records are fingerprinted (the others are a few thousand: read each night). */
export const FINGERPRINTED = ['Eleve', 'PersRelEleve'] as const satisfies readonly AafCategory[];
export type FingerprintedCategory = (typeof FINGERPRINTED)[number];
export const isFingerprinted = (c: AafCategory): c is FingerprintedCategory =>
  (FINGERPRINTED as readonly AafCategory[]).includes(c);

/** The hash's seed for the records of one category read from a file in one encoding. */
export function fingerprintSeed(category: AafCategory, encoding: string): number {
  const bytes = Buffer.from(`${FINGERPRINT_VERSION}\0${category}\0${encoding}\0`, 'latin1');
  return murmur3x86_128(bytes, 0, bytes.length, 0)[0];
}

/** The fingerprint of `bytes[start, end)`, a signed 64-bit integer (PostgreSQL's bigint). */
export function fingerprint(seed: number, bytes: Uint8Array, start: number, end: number): bigint {
  hashInto(bytes, start, end, seed);
  // The first 8 bytes of the 16 the reference implementation writes (h1 then h2, little-endian).
  FIRST_BYTES.setInt32(0, HASH[0], true);
  FIRST_BYTES.setInt32(4, HASH[1], true);
  return FIRST_BYTES.getBigInt64(0, true);
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const mix = (k: number, c: number, r: number, d: number) => Math.imul(rotl(Math.imul(k, c), r), d);
const fmix = (h: number) => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
};
const word = (b: Uint8Array, p: number) => b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
/** The last 1 to 4 bytes of a block from `from`, little-endian, as the reference's switch reads them. */
const tail = (b: Uint8Array, from: number, end: number) => {
  let k = 0;
  for (let i = Math.min(end - from, 4) - 1; i >= 0; i--) k = (k << 8) | b[from + i];
  return k;
};
/** The four words of the last hash, and room for its first 8 bytes. */
const HASH = new Int32Array(4);
const FIRST_BYTES = new DataView(new ArrayBuffer(8));

/**
 * MurmurHash3_x86_128 (Austin Appleby, public domain) of `bytes[start, end)`: its four 32-bit words
 * h1…h4, as the reference implementation computes them (tests/unit/record-fingerprint.test.ts checks
 * them against the values of an independent implementation).
 */
export function murmur3x86_128(
  bytes: Uint8Array,
  start: number,
  end: number,
  seed: number,
): [number, number, number, number] {
  hashInto(bytes, start, end, seed);
  return [HASH[0], HASH[1], HASH[2], HASH[3]];
}

function hashInto(bytes: Uint8Array, start: number, end: number, seed: number): void {
  let h1 = seed | 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const length = end - start;
  const blocks = start + (length & ~15);
  let p = start;
  for (; p < blocks; p += 16) {
    h1 ^= mix(word(bytes, p), C1, 15, C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= mix(word(bytes, p + 4), C2, 16, C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= mix(word(bytes, p + 8), C3, 17, C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= mix(word(bytes, p + 12), C4, 18, C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The last 1 to 15 bytes, little-endian into k1…k4 as the reference's switch does.
  if (end - p > 12) h4 ^= mix(tail(bytes, p + 12, end), C4, 18, C1);
  if (end - p > 8) h3 ^= mix(tail(bytes, p + 8, end), C3, 17, C4);
  if (end - p > 4) h2 ^= mix(tail(bytes, p + 4, end), C2, 16, C3);
  if (end - p > 0) h1 ^= mix(tail(bytes, p, end), C1, 15, C2);
  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  HASH[0] = h1;
  HASH[1] = (h2 + h1) | 0;
  HASH[2] = (h3 + h1) | 0;
  HASH[3] = (h4 + h1) | 0;
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
    const shared = new BigInt64Array(new SharedArrayBuffer(list.length * 8));
    shared.set(list);
    return KnownFingerprints.sortedInPlace(shared);
  }

  /**
   * From values in any order in shared memory (copy-int8.ts), sorted in place: 55 ms for 915,000
   * values, where PostgreSQL's `order by` cost 250–400 ms.
   */
  static sortedInPlace(values: BigInt64Array): KnownFingerprints {
    return new KnownFingerprints(values.sort());
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
