/**
 * The binary COPY reader of the known fingerprints (copy-int8.ts): PostgreSQL's format, cut anywhere
 * by the connection, gives back the values in their order; anything else is refused, never misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Int8CopyReader } from '@/lib/directory/import/copy-int8';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A binary COPY of one bigint column, as PostgreSQL writes it. */
function binaryCopy(values: bigint[], { extension = 0 } = {}): Buffer {
  const header = Buffer.alloc(8 + extension);
  header.writeUInt32BE(0, 0);
  header.writeUInt32BE(extension, 4);
  const rows = Buffer.alloc(values.length * 14);
  values.forEach((v, i) => {
    rows.writeInt16BE(1, i * 14);
    rows.writeInt32BE(8, i * 14 + 2);
    rows.writeBigInt64BE(v, i * 14 + 6);
  });
  return Buffer.concat([SIGNATURE, header, rows, Buffer.from([0xff, 0xff])]);
}

/** Reads `bytes` cut at `cuts` (offsets, in any order). */
function read(bytes: Buffer, cuts: number[] = []): bigint[] {
  const reader = new Int8CopyReader();
  let from = 0;
  for (const at of [...new Set(cuts)].sort((a, b) => a - b)) {
    reader.push(bytes.subarray(from, at));
    from = at;
  }
  reader.push(bytes.subarray(from));
  return [...reader.end()];
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

describe('Int8CopyReader', () => {
  it('rend chaque valeur, dans l’ordre, quelle que soit la découpe', () => {
    fc.assert(
      fc.property(
        fc.array(int64, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.nat({ max: 20 }),
        (values, cuts, extension) => {
          const bytes = binaryCopy(values, { extension });
          expect(
            read(
              bytes,
              cuts.map((c) => c % (bytes.length + 1)),
            ),
          ).toEqual(values);
        },
      ),
    );
  });

  it('passe d’un bloc au suivant sans rien perdre', () => {
    const values = Array.from({ length: (1 << 17) * 2 + 3 }, (_, i) => BigInt(i) * 7919n - 5n);
    const bytes = binaryCopy(values);
    const out = read(bytes, [5, 100_003, 1_000_000, 3_000_001]);
    expect(out.length).toBe(values.length);
    expect(out[0]).toBe(-5n);
    expect(out.at(-1)).toBe(values.at(-1));
    expect(out.every((v, i) => v === values[i])).toBe(true);
  });

  it('ignore les options que le format permet d’ignorer (bits 17 à 31)', () => {
    const bytes = binaryCopy([42n]);
    bytes.writeUInt32BE(1 << 17, SIGNATURE.length);
    expect(read(bytes)).toEqual([42n]);
  });

  it('les valeurs sont en mémoire partagée, pour les fils de lecture', () => {
    const reader = new Int8CopyReader();
    reader.push(binaryCopy([1n, -1n]));
    expect(reader.end().buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('refuse ce qui n’est pas une colonne bigint non nulle complète', () => {
    const good = binaryCopy([1n, 2n]);
    const nullValue = Buffer.from(good);
    nullValue.writeInt32BE(-1, 19 + 2);
    const twoColumns = Buffer.from(good);
    twoColumns.writeInt16BE(2, 19);
    const int4 = Buffer.from(good);
    int4.writeInt32BE(4, 19 + 2);
    const oids = Buffer.from(good);
    oids.writeUInt32BE(1 << 16, SIGNATURE.length);
    const critical = Buffer.from(good);
    critical.writeUInt32BE(1, SIGNATURE.length);
    const cases: [Buffer, RegExp][] = [
      [nullValue, /valeur nulle/],
      [twoColumns, /2 colonnes/],
      [int4, /4 octets/],
      [oids, /options/],
      [critical, /options/],
      [Buffer.concat([Buffer.from('PGCOPX\n\xff\r\n\0', 'latin1'), good.subarray(11)]), /signature/],
      [good.subarray(0, good.length - 1), /tronquée/],
      [good.subarray(0, good.length - 9), /tronquée/],
      [Buffer.concat([good, Buffer.from([0])]), /après la fin/],
      [Buffer.alloc(0), /tronquée/],
    ];
    for (const [bytes, message] of cases) expect(() => read(bytes), message.source).toThrow(message);
  });
});
