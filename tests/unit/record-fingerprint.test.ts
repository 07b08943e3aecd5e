/**
 * Fingerprints of full-export records (lib/directory/aaf/record-fingerprint.ts) and the reader
 * that recognises them (readAafFile with `recognise`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAafFile, type AafRecord } from '@/lib/directory/aaf/aaf-parser';
import {
  FINGERPRINT_VERSION,
  fingerprint,
  fingerprintSeed,
  KnownFingerprints,
  murmur3x86_128,
} from '@/lib/directory/aaf/record-fingerprint';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-empreinte-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function write(content: string): string {
  const p = path.join(tmp, `ENT_T_Complet_20261128_Eleve_${String(n++).padStart(4, '0')}.xml`);
  fs.writeFileSync(p, content);
  return p;
}

const request = (id: string, name: string, pretty = false) => {
  const nl = pretty ? '\n  ' : '';
  return (
    `<addRequest>${nl}<identifier><id>${id}</id></identifier>${nl}<attributes>` +
    `<attr name="ENTPersonJointure"><value>${id}</value></attr>${nl}` +
    `<attr name="ENTPersonNom"><value>${name}</value></attr></attributes>\n</addRequest>`
  );
};

const file = (requests: string[], between = '\n') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ficAlimMENESR>\n${requests.join(between)}\n</ficAlimMENESR>\n`;

async function read(p: string, known: bigint[], readBytes?: number) {
  const records: AafRecord[] = [];
  const recognised: { fp: bigint; line: number }[] = [];
  const recognise = {
    category: 'Eleve' as const,
    known: KnownFingerprints.of(known),
    onKnown: (fp: bigint, line: number) => recognised.push({ fp, line }),
  };
  for await (const batch of readAafFile(p, { recognise, readBytes })) records.push(...batch);
  return { records, recognised };
}

describe('empreintes des enregistrements', () => {
  it('chaque requête add lue porte son empreinte ; connue, elle est reconnue à sa ligne sans être lue', async () => {
    const p = write(file([request('1', 'MARTIN'), request('2', 'DURAND', true), request('3', 'PETIT')]));
    const first = await read(p, []);
    expect(first.records.map((r) => [r.id, r.line])).toEqual([
      ['1', 3],
      ['2', 5],
      ['3', 10],
    ]);
    expect(first.records.every((r) => typeof r.fingerprint === 'bigint')).toBe(true);
    expect(new Set(first.records.map((r) => r.fingerprint)).size).toBe(3);

    // Known: the first and the last; the pretty-printed one changed since.
    const known = [first.records[0].fingerprint!, first.records[2].fingerprint!];
    const changed = write(file([request('1', 'MARTIN'), request('2', 'DURANT', true), request('3', 'PETIT')]));
    // Every read size, down to a few bytes: requests and markers cut anywhere between two reads.
    for (const readBytes of [3, 7, 64, 1 << 20]) {
      const again = await read(changed, known, readBytes);
      expect(again.recognised, `lectures de ${readBytes} octets`).toEqual([
        { fp: known[0], line: 3 },
        { fp: known[1], line: 10 },
      ]);
      expect(again.records.map((r) => [r.id, r.line, r.attrs.get('ENTPersonNom')])).toEqual([['2', 5, ['DURANT']]]);
    }
  });

  it('un commentaire, une requête modify ou delete, un texte entre les requêtes : lus comme avant', async () => {
    const tricky = [
      '<!-- <addRequest> dans un commentaire -->',
      request('1', 'MARTIN'),
      '<modifyRequest><identifier><id>1</id></identifier><attributes></attributes></modifyRequest>',
      request('2', 'DURAND'),
    ];
    const p = write(file(tricky));
    const plain: AafRecord[] = [];
    for await (const batch of readAafFile(p)) plain.push(...batch);
    const first = await read(p, []);
    expect(first.records.map(({ fingerprint: _, ...r }) => r)).toEqual(plain);
    // The request after the comment was cut together with it: read, without a fingerprint.
    expect(first.records.map((r) => r.fingerprint === undefined)).toEqual([true, true, false]);
    const again = await read(p, [first.records[2].fingerprint!], 5);
    expect(again.recognised.map((r) => r.line)).toEqual([7]);
    expect(again.records.map((r) => r.id)).toEqual(['1', '1']);
  });

  it('ce qui est mal formé n’est jamais sauté : l’erreur reste, à sa ligne', async () => {
    const good = write(file([request('1', 'MARTIN'), request('2', 'DURAND')]));
    const { records } = await read(good, []);
    const known = records.map((r) => r.fingerprint!);
    // Known requests, then a broken one: read, and refused at its line.
    const broken = write(file([request('1', 'MARTIN'), request('2', 'DURAND'), '<addRequest><id>3</addRequest>']));
    await expect(read(broken, known)).rejects.toThrow(/ligne 7/);
    // A known request inside an element that has no place there is read, and refused, not skipped.
    const wrapped = write(file(['<lot>', request('1', 'MARTIN'), '</lot>']));
    await expect(read(wrapped, known)).rejects.toThrow(/requête « lot » inconnue/);
  });

  it('l’empreinte dépend de la catégorie, de l’encodage et de la version', () => {
    const bytes = Buffer.from(request('1', 'MARTIN'));
    const fp = (c: 'Eleve' | 'PersRelEleve', enc: string) =>
      fingerprint(fingerprintSeed(c, enc), bytes, 0, bytes.length);
    expect(fp('Eleve', 'utf-8')).toBe(fp('Eleve', 'utf-8'));
    expect(fp('Eleve', 'utf-8')).not.toBe(fp('PersRelEleve', 'utf-8'));
    expect(fp('Eleve', 'utf-8')).not.toBe(fp('Eleve', 'iso-8859-15'));
    // In any order, the extremes of a bigint included (copy-int8.ts reads them from PostgreSQL).
    const known = KnownFingerprints.of([5n, 9223372036854775807n, -3n, -9223372036854775808n]);
    expect(KnownFingerprints.of([]).size).toBe(0);
    expect([-3n, 5n, 9223372036854775807n, -9223372036854775808n, 4n].map((v) => known.has(v))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('le hachage est MurmurHash3 x86 128 bits, tel que la référence le calcule', () => {
    // Values of an independent implementation (murmurhash3js-revisited, x86.hash128: h1…h4 in hex),
    // for every tail length 0 to 17 and for several seeds.
    const hex = (bytes: Buffer, seed: number, offset = 0) => {
      const padded = Buffer.concat([Buffer.alloc(offset, 0x5a), bytes, Buffer.from('<')]);
      return murmur3x86_128(padded, offset, offset + bytes.length, seed)
        .map((h) => (h >>> 0).toString(16).padStart(8, '0'))
        .join('');
    };
    const fox = 'The quick brown fox jumps over the lazy dog';
    const prefixes = [
      'af6d2cb695c80cba95c80cba95c80cba',
      'bfdef7fb7c33d07e7c33d07e7c33d07e',
      'a53e4f7be881daf7e881daf7e881daf7',
      'd87f4742da7bf8c4da7bf8c4da7bf8c4',
      '604ed44df5f6d8b3f5f6d8b3f5f6d8b3',
      '6db539190d196aa8afb5fa56afb5fa56',
      '2ad682db91800398889a1912889a1912',
      'aa027a1572e2ee2f2969916029699160',
      '5a67fafb9318f51ccc243b58cc243b58',
      '8bc46d58cb19b05d89ac49229236e930',
      '4bde822e54a37e9672e28377c6f977bd',
      '5f69b79c683e5253edb717e245177879',
      '27716b90a9a7e1da7a2c795897e9b724',
      'f1f3ed50900d2aae50a44e3ec3a802ab',
      '7863026e5c389e59168a7c53d29ec8dd',
      '717baea4b2afbb98ffc09a34da2b606d',
      '7b9c58215c7c6b8138e0157180f63f20',
      '27854e374f29d8fb031060599239ade1',
    ];
    prefixes.forEach((want, n) => expect(hex(Buffer.from(fox.slice(0, n)), 42, n % 5)).toBe(want));
    expect(hex(Buffer.alloc(0), 0)).toBe('0'.repeat(32));
    expect(hex(Buffer.from(fox), 0)).toBe('2f1583c3ecee2c675d7bf66ce5e91d2c');
    expect(hex(Buffer.from('élève'), 0x9747b28c, 3)).toBe('b738dc3fadea5865fad7c58dfad7c58d');
    // The fingerprint: the first 8 bytes the reference writes (h1, then h2, little-endian), signed.
    const bytes = Buffer.from(fox);
    const seed = fingerprintSeed('Eleve', 'utf-8');
    const [h1, h2] = murmur3x86_128(bytes, 0, bytes.length, seed);
    const first = Buffer.alloc(8);
    first.writeInt32LE(h1, 0);
    first.writeInt32LE(h2, 4);
    expect(fingerprint(seed, bytes, 0, bytes.length)).toBe(first.readBigInt64LE(0));
  });

  it('ce qu’un enregistrement devient n’a pas changé depuis FINGERPRINT_VERSION', () => {
    // A change to these files can change what a record becomes in the directory: a record
    // recognised by a fingerprint of the old code would keep what the old code made of it. When this
    // fails, decide: bump FINGERPRINT_VERSION (the next full export is then read whole, once) if
    // what is stored from a record may change; then update the digest below either way.
    const files = [
      'lib/directory/aaf/aaf-mapping.ts',
      'lib/directory/aaf/aaf-parser.ts',
      'lib/directory/aaf/record-reader.ts',
      'lib/directory/aaf/xml-scanner.ts',
      'lib/directory/import/staging.ts',
      'lib/directory/import/stage-file.ts',
      'lib/directory/import/merge-pupils.ts',
      'lib/directory/import/merge-guardians.ts',
      'lib/accounts/identifiant.ts',
      // normalizeMobile: the mobile stored from a record.
      'lib/phone.ts',
    ];
    const digest = createHash('sha256');
    for (const f of files) digest.update(fs.readFileSync(path.resolve(__dirname, '../..', f)));
    expect({ version: FINGERPRINT_VERSION, sources: digest.digest('hex').slice(0, 16) }).toEqual({
      version: 3,
      sources: 'aa94f78601401a20',
    });
  });
});
