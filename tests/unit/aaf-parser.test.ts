import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, readAafFile, type AafRecord } from '@/lib/directory/aaf/aaf-parser';
import { encodeLatin9 } from '@/lib/directory/generate/aaf-writer';

// The small example export of DESIGN.md §7, kept in the project so that this test always runs.
const sample = path.resolve(__dirname, '../fixtures/aaf-minimal');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-parser-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function readAll(file: string): Promise<AafRecord[]> {
  const out: AafRecord[] = [];
  for await (const batch of readAafFile(file)) out.push(...batch);
  return out;
}

function write(name: string, content: string | Buffer) {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

const header = (enc = 'UTF-8') => `<?xml version="1.0" encoding="${enc}"?>\n<ficAlimMENESR>\n`;

describe('lecteur AAF', () => {
  it('lit l’exemple fourni, ISO-8859-15 compris', async () => {
    const guardians = await readAll(path.join(sample, 'ENT_DEMO_Complet_20261128_PersRelEleve_0000.xml'));
    expect(guardians).toHaveLength(19);
    expect(guardians[0]).toMatchObject({ op: 'add', id: '5000008', line: 4 });
    expect(guardians[0].attrs.get('ENTPersonNom')).toEqual(['ÇELIK']);
    expect(guardians[0].attrs.get('ENTPersRelEleveEleve')).toEqual(['5000058', '5000189']);
    // An empty <value/> is an absent value.
    expect(guardians[0].attrs.get('ENTPersonDateNaissance')).toEqual([]);
    // Operational attributes are not attributes of the person.
    expect(guardians[0].attrs.has('categoriePersonne')).toBe(false);
  });

  it('lit l’exemple écrit comme les exports du ministère : DOCTYPE, BOM, fins de ligne CRLF', async () => {
    const plain = (rs: AafRecord[], shift = 0) =>
      rs.map((r) => ({ op: r.op, id: r.id, line: r.line + shift, attrs: [...r.attrs] }));
    for (const name of fs.readdirSync(sample)) {
      // latin1 keeps every byte as it is, whatever the file's encoding.
      const text = fs.readFileSync(path.join(sample, name)).toString('latin1');
      const utf8 = text.startsWith('<?xml version="1.0" encoding="UTF-8"?>');
      const expected = plain(await readAll(path.join(sample, name)), 1);
      const doctype = text.replace('-->\n', '-->\n<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n');
      expect(doctype).not.toBe(text);
      const variants = [doctype, doctype.replace(/\n/g, '\r\n'), ...(utf8 ? ['\ufeff' + doctype] : [])];
      for (const [i, variant] of variants.entries()) {
        const f = write(`${i}-${name}`, Buffer.from(variant.replace('\ufeff', '\u00ef\u00bb\u00bf'), 'latin1'));
        expect(plain(await readAll(f)), `${name}, variante ${i}`).toEqual(expected);
      }
    }
  });

  it('lit les requêtes add, modify et delete avec leur numéro de ligne', async () => {
    const f = write(
      'ENT_X_Delta_20261128_Eleve_0000.xml',
      header() +
        `<addRequest><identifier><id>1</id></identifier><attributes>` +
        `<attr name="ENTPersonNom"><value>DUPONT &amp; FILS</value></attr></attributes></addRequest>\n` +
        `<modifyRequest><identifier><id>2</id></identifier><modifications>` +
        `<modification name="ENTPersonMail" operation="replace"><value>a@b.fr</value></modification>` +
        `</modifications></modifyRequest>\n` +
        `<deleteRequest><identifier><id>3</id></identifier></deleteRequest>\n</ficAlimMENESR>\n`,
    );
    const rs = await readAll(f);
    expect(rs.map((r) => [r.op, r.id, r.line])).toEqual([
      ['add', '1', 3],
      ['modify', '2', 4],
      ['delete', '3', 5],
    ]);
    expect(rs[0].attrs.get('ENTPersonNom')).toEqual(['DUPONT & FILS']);
    expect(rs[1].attrs.get('ENTPersonMail')).toEqual(['a@b.fr']);
  });

  it('décode l’ISO-8859-15 (€, œ) selon la déclaration XML', async () => {
    const f = write(
      'latin9.xml',
      encodeLatin9(
        header('ISO-8859-15') +
          `<addRequest><identifier><id>1</id></identifier><attributes>` +
          `<attr name="ENTPersonNom"><value>CŒUR €</value></attr></attributes></addRequest>\n</ficAlimMENESR>\n`,
      ),
    );
    expect((await readAll(f))[0].attrs.get('ENTPersonNom')).toEqual(['CŒUR €']);
  });

  it('reconnaît les autres noms de l’UTF-8, de l’ISO-8859-15 et de l’ISO-8859-1', async () => {
    const body = (name: string) =>
      `<?xml version='1.0' encoding='${name}'?>\n<ficAlimMENESR>\n<addRequest><identifier><id>1</id></identifier>` +
      `<attributes><attr name="ENTPersonNom"><value>CŒUR</value></attr></attributes></addRequest>\n</ficAlimMENESR>\n`;
    for (const name of ['ISO8859_15', 'iso8859-15', 'ISO_8859-15', 'Latin-9', 'latin9', 'L9']) {
      const f = write(`latin9-${name}.xml`, encodeLatin9(body(name)));
      expect((await readAll(f))[0].attrs.get('ENTPersonNom'), name).toEqual(['CŒUR']);
    }
    for (const name of ['UTF8', 'utf-8', 'unicode-1-1-utf-8']) {
      const f = write(`utf8-${name}.xml`, body(name));
      expect((await readAll(f))[0].attrs.get('ENTPersonNom'), name).toEqual(['CŒUR']);
    }
    for (const name of ['US-ASCII', 'ISO8859_1', 'cp1252']) {
      const f = write(`ascii-${name}.xml`, body(name).replace('CŒUR', 'COEUR'));
      expect((await readAll(f))[0].attrs.get('ENTPersonNom'), name).toEqual(['COEUR']);
    }
  });

  it('refuse un fichier tronqué en nommant le fichier et la ligne', async () => {
    const f = write(
      'truncated.xml',
      header() + `<addRequest><identifier><id>1</id></identifier><attributes>\n<attr name="ENTPersonNom"><value>DUP`,
    );
    await expect(readAll(f)).rejects.toThrow(/truncated\.xml, ligne \d+ : XML mal formé/);
  });

  it('refuse un XML mal formé', async () => {
    const f = write(
      'bad.xml',
      header() +
        `<addRequest><identifier><id>1</id></identifier>\n` +
        `<attributes></attr></attributes></addRequest>\n</ficAlimMENESR>`,
    );
    await expect(readAll(f)).rejects.toThrow(/bad\.xml, ligne 4 : XML mal formé/);
  });

  it('refuse des octets invalides pour l’UTF-8 déclaré', async () => {
    const f = write(
      'enc.xml',
      Buffer.concat([
        Buffer.from(
          header() + '<addRequest><identifier><id>1</id></identifier><attributes><attr name="ENTPersonNom"><value>',
        ),
        Buffer.from([0xc7, 0x45]),
        Buffer.from('LIK</value></attr></attributes></addRequest></ficAlimMENESR>'),
      ]),
    );
    await expect(readAll(f)).rejects.toThrow(/enc\.xml.*octets invalides pour l'encodage déclaré UTF-8/);
  });

  it('trouve le premier octet que l’UTF-8 refuse, comme le décodeur strict', () => {
    const cases: [number[], number][] = [
      [[0x41, 0xc3, 0xa9, 0x42], -1], // « AéB »
      [[0x41, 0xff], 1],
      [[0xc0, 0xaf], 0], // forme trop longue
      [[0xe0, 0x80, 0x80], 0], // forme trop longue sur trois octets
      [[0xed, 0xa0, 0x80], 0], // demi-code de substitution
      [[0xf4, 0x90, 0x80, 0x80], 0], // au-delà de U+10FFFF
      [[0xf0, 0x9f, 0x98, 0x80], -1], // un émoji
      [[0x41, 0xe2, 0x82], -1], // coupé par la fin : la lecture suivante le complète
      [[0xe2, 0x41, 0x82], 0],
    ];
    for (const [bytes, expected] of cases) {
      expect(firstInvalidUtf8(Buffer.from(bytes)), bytes.map((b) => b.toString(16)).join(' ')).toBe(expected);
      // Whatever it finds, the strict decoder agrees that the bytes before it are valid.
      const cut = expected < 0 ? bytes.length : expected;
      expect(() =>
        new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes.slice(0, cut)), { stream: true }),
      ).not.toThrow();
    }
  });

  it('refuse un octet exactement quand le décodeur strict refuse les octets', () => {
    const accepts = (bytes: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    // Bytes mostly of UTF-8's lead and continuation ranges, where the refusals are.
    const byte = fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.nat(0x7f));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (bytes) => {
        const b = Buffer.from(bytes);
        const at = firstInvalidUtf8(b);
        expect(at < 0).toBe(accepts(b));
        if (at >= 0) expect(accepts(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('nomme la ligne où se trouvent les octets invalides, quelle que soit la taille des lectures', async () => {
    const record = (id: string) => `<addRequest><identifier><id>${id}</id></identifier></addRequest>\n`;
    const f = write(
      'ligne.xml',
      Buffer.concat([
        Buffer.from(header() + record('1') + record('2') + '<!-- trois -->\n<addRequest><identifier><id>'),
        Buffer.from([0xff]),
        Buffer.from('3</id></identifier></addRequest>\n</ficAlimMENESR>\n'),
      ]),
    );
    for (const readBytes of [16, 100, 1 << 20])
      for (const plainRecords of [true, false]) {
        const read = async () => {
          for await (const batch of readAafFile(f, { readBytes, plainRecords })) void batch;
        };
        await expect(read(), `lectures de ${readBytes} octets`).rejects.toThrow(
          /ligne\.xml, ligne 6 : octets invalides/,
        );
      }
  });

  it('refuse un encodage non pris en charge, une enveloppe inconnue, une requête sans identifiant', async () => {
    await expect(
      readAll(write('ebcdic.xml', '<?xml version="1.0" encoding="EBCDIC-FR"?><ficAlimMENESR/>')),
    ).rejects.toThrow(/encodage « EBCDIC-FR » non pris en charge/);
    for (const name of ['UTF-16', 'ISO-8859-5', 'Shift_JIS'])
      await expect(
        readAll(write('autre.xml', `<?xml version="1.0" encoding="${name}"?><ficAlimMENESR/>`)),
      ).rejects.toThrow(`encodage « ${name} » non pris en charge`);
    const utf16 = Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-16"?><ficAlimMENESR/>', 'utf16le');
    await expect(readAll(write('utf16.xml', utf16))).rejects.toThrow(
      /utf16\.xml, ligne 1 : encodage UTF-16 non pris en charge/,
    );
    await expect(
      readAll(write('root.xml', header().replace('<ficAlimMENESR>', '<autre>') + '</autre>')),
    ).rejects.toThrow(/enveloppe « autre »/);
    await expect(
      readAll(write('noid.xml', header() + '<addRequest><attributes/></addRequest></ficAlimMENESR>')),
    ).rejects.toThrow(/noid\.xml, ligne 3 : requête sans identifiant/);
    await expect(readAll(write('empty.xml', ''))).rejects.toThrow(/empty\.xml/);
  });
});
