/**
 * The plain records read from their bytes (lib/directory/aaf/record-reader.ts): whatever the file
 * holds, the reader gives exactly what the general scanner gives — the same records, lines and
 * fingerprints, or the same refusal — and it does read the records written the usual way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readAafFile } from '@/lib/directory/aaf/aaf-parser';
import { KnownFingerprints } from '@/lib/directory/aaf/record-fingerprint';
import { PlainRecordReader } from '@/lib/directory/aaf/record-reader';
import { encodeLatin9 } from '@/lib/directory/generate/aaf-writer';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-lecteur-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const write = (content: Buffer) => {
  const p = path.join(tmp, `ENT_T_Complet_20261128_PersRelEleve_${String(n++).padStart(4, '0')}.xml`);
  fs.writeFileSync(p, content);
  return p;
};

/**
 * Everything a reading gives, or the refusal's message (what was handed out before it does not count:
 * a refused file refuses the whole import).
 */
async function outcome(file: string, opts: { plainRecords: boolean; recognise: boolean; readBytes: number }) {
  const recognise = opts.recognise
    ? { category: 'PersRelEleve' as const, known: KnownFingerprints.of([]), onKnown: () => undefined }
    : undefined;
  const records: unknown[] = [];
  try {
    for await (const batch of readAafFile(file, { ...opts, recognise }))
      for (const r of batch) records.push({ ...r, attrs: [...r.attrs] });
    return { records };
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** Windows-1252's letters in 0x80–0x9F (WHATWG reads ISO-8859-1 as Windows-1252 too); U+0081 is byte 0x81. */
const CP1252 = new Map(
  [...'€ŠŒŽšœžŸ\u0081'].map((c, i) => [c, [0x80, 0x8a, 0x8c, 0x8e, 0x9a, 0x9c, 0x9e, 0x9f, 0x81][i]]),
);
const encode = (text: string, encoding: string) =>
  encoding === 'UTF-8'
    ? Buffer.from(text, 'utf8')
    : encoding === 'ISO-8859-15'
      ? encodeLatin9(text.replace(/\u0081/g, 'x'))
      : Buffer.from([...text].map((c) => CP1252.get(c) ?? (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f)));

const blank = fc.constantFrom('', '', '', '\n', '\r\n  ', ' ', '\t');
// Mostly what exports hold, sometimes what the plain reader leaves to the scanner (entities, « > »,
// CDATA, a tag with a space, a name with an entity or an accent).
const valueText = fc
  .array(
    fc.oneof(
      {
        weight: 12,
        arbitrary: fc.constantFrom(
          'MARTIN',
          'Zoé',
          'Œuvre',
          ' ',
          '€',
          '12',
          '$1',
          'a b',
          '\n',
          'ç',
          'ß',
          'Ÿ',
          '\u0081',
          '¤',
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom('&amp;', '&lt;', '>') },
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''));
const value = fc.oneof(
  { weight: 12, arbitrary: valueText.map((t) => `<value>${t}</value>`) },
  { weight: 3, arbitrary: fc.constant('<value/>') },
  { weight: 1, arbitrary: fc.constantFrom('<value >x</value>', '<value><![CDATA[A<B]]></value>') },
);
const attr = fc
  .record({
    name: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('ENTPersonNom', 'ENTPersonPrenom', 'ENTPersonMail') },
      { weight: 1, arbitrary: fc.constantFrom('x&amp;y', 'Nöm') },
    ),
    values: fc.array(fc.tuple(blank, value), { maxLength: 3 }),
    after: blank,
    selfClosing: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ name, values, after, selfClosing }) =>
    selfClosing && !values.length
      ? `<attr name="${name}"/>`
      : `<attr name="${name}">${values.map(([b, v]) => b + v).join('')}${after}</attr>`,
  );
const record = fc
  .record({
    operational: fc.boolean(),
    id: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('1001', ' 1002 ', 'é3') },
      { weight: 1, arbitrary: fc.constant('1&amp;4') },
    ),
    attrs: fc.array(fc.tuple(blank, attr), { maxLength: 5 }),
    blanks: fc.array(blank, { minLength: 4, maxLength: 4 }),
    noise: fc.oneof(
      { weight: 12, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('<!-- note -->', '<autre/>') },
    ),
    attributesElement: fc.boolean(),
  })
  .map(({ operational, id, attrs, blanks: [b1, b2, b3, b4], noise, attributesElement }) => {
    const category = '<attr name="categoriePersonne"><value>PersRelEleve</value></attr>';
    const op = operational ? `<operationalAttributes>${category}</operationalAttributes>` : '';
    const list = attrs.map(([b, a]) => b + a).join('');
    const body = attributesElement ? `<attributes>${list}${b3}</attributes>` : '';
    return `<addRequest>${b1}${op}${b2}<identifier><id>${id}</id></identifier>${noise}${body}${b4}</addRequest>`;
  });
const file = fc.record({
  encoding: fc.constantFrom('UTF-8', 'ISO-8859-15', 'ISO-8859-1', 'windows-1252'),
  records: fc.array(fc.tuple(record, blank), { maxLength: 6 }),
  // At most one fault, so that the refusal to expect is the fault's own (two faults in one read: either may be told).
  fault: fc.record({
    kind: fc.constantFrom('aucune', 'aucune', 'octet', 'identifiant', 'entité', ']]>'),
    record: fc.nat(5),
  }),
  readBytes: fc.integer({ min: 16, max: 2048 }),
  recognise: fc.boolean(),
});

describe('enregistrements simples lus depuis leurs octets', () => {
  it('donne exactement ce que donne le lecteur général, ou le même refus', async () => {
    const read = vi.spyOn(PlainRecordReader.prototype, 'read');
    await fc.assert(
      fc.asyncProperty(file, async ({ encoding, records, fault, readBytes, recognise }) => {
        const faulty = records.map(([r, b], i) => {
          if (i !== fault.record) return r + b;
          if (fault.kind === 'identifiant') return r.replace(/<id>[^<]*<\/id>/, '<id> </id>') + b;
          // A byte that UTF-8 refuses (ISO-8859-15 reads it as ÿ), and an entity XML does not know.
          if (fault.kind === 'octet') return r.replace('<id>', '<id>\u0000') + b;
          if (fault.kind === 'entité') return r.replace('<id>', '<id>&x;') + b;
          if (fault.kind === ']]>') return r.replace('<id>', '<id>]]>') + b;
          return r + b;
        });
        const text =
          `<?xml version="1.0" encoding="${encoding}"?>\n<ficAlimMENESR>\n` +
          faulty.map((r) => r + '\n').join('') +
          '</ficAlimMENESR>\n';
        const encoded = encode(text, encoding);
        // The NUL marks where the refused byte goes.
        const bytes = Buffer.from(encoded.map((c) => (c === 0 ? 0xff : c)));
        const f = write(bytes);
        const general = await outcome(f, { plainRecords: false, recognise, readBytes });
        const plain = await outcome(f, { plainRecords: true, recognise, readBytes });
        expect(plain).toEqual(general);
      }),
      { numRuns: 300 },
    );
    // The property says something only if the plain reader did read records: most of them.
    const results = read.mock.results.map((r) => r.value as unknown);
    expect(results.filter((r) => r !== null).length).toBeGreaterThan(results.length / 2);
    read.mockRestore();
  });

  it('lit un enregistrement écrit comme les exports le sont, et laisse les autres au lecteur général', () => {
    const reader = new PlainRecordReader('iso-8859-15');
    const read = (s: string) => {
      const bytes = encodeLatin9(s);
      return reader.read(bytes, 0, bytes.length);
    };
    const usual =
      '<addRequest><operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr>' +
      '</operationalAttributes><identifier><id>1000005</id></identifier><attributes>' +
      '<attr name="ENTPersonNom"><value>CÔTÉ</value></attr><attr name="ENTPersonPrenom"><value>Gaëlle</value></attr>' +
      '<attr name="ENTPersonDateNaissance"><value/></attr>' +
      '<attr name="ENTEleveAutoriteParentale"><value>1000004$1</value><value> 1000003$1 </value></attr>' +
      '</attributes></addRequest>';
    expect(read(usual)).toEqual({
      id: '1000005',
      attrs: new Map([
        ['ENTPersonNom', ['CÔTÉ']],
        ['ENTPersonPrenom', ['Gaëlle']],
        ['ENTPersonDateNaissance', []],
        ['ENTEleveAutoriteParentale', ['1000004$1', '1000003$1']],
      ]),
    });
    // Indented, with CRLF line ends: still plain.
    expect(read(usual.replace(/></g, '>\r\n  <').replace(/<value>\r\n {2}/g, '<value>'))).not.toBeNull();
    for (const other of [
      usual.replace('CÔTÉ', 'C&amp;T'),
      usual.replace('<attributes>', '<attributes><!-- x -->'),
      usual.replace('<value/>', '<value />'),
      usual.replace('<id>1000005</id>', '<id> </id>'),
      usual.replace('</attributes>', '</attributes><autre/>'),
    ])
      expect(read(other)).toBeNull();
  });
});
