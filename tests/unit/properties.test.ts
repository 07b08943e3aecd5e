/**
 * Bad input, property-based (issue « Hardening », item 3): whatever bytes, text or URL the
 * service is given, the AAF scanner and reader, the portal's form schemas and the search criteria
 * answer with their own clear refusal — never another exception, never a hang.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCriteria } from '@/app/admin/(espace)/responsables/search-url';
import {
  birthDateField,
  codeField,
  emailField,
  identifiantField,
  mobileField,
  nameField,
  newPasswordField,
  passwordField,
} from '@/app/(portail)/schemas';
import { readAafFile } from '@/lib/directory/aaf/aaf-parser';
import { isDeliveryReport, readDeliveryReport } from '@/lib/messaging/delivery-reports';
import { XmlScanner, XmlSyntaxError } from '@/lib/directory/aaf/xml-scanner';
import { isDomainError } from '@/lib/errors';

type Node = { name: string; attrs: Record<string, string>; children: (Node | string)[] };

const escape = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Text the scanner keeps as is: XML's characters without controls (and without CR, which XML folds). */
const xmlText = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((t) => t.replace(/[\u0000-\u001f\ufffe\uffff]/g, ''));
const xmlName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/);

const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record({
    name: xmlName,
    attrs: fc.dictionary(xmlName, xmlText, { maxKeys: 3 }),
    children: fc.array(fc.oneof({ depthSize: 'small' }, xmlText, tie('node')), { maxLength: 4 }),
  }),
})).node;

function serialise(n: Node): string {
  const attrs = Object.entries(n.attrs)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');
  const content = n.children.map((c) => (typeof c === 'string' ? escape(c) : serialise(c))).join('');
  return `<${n.name}${attrs}>${content}</${n.name}>`;
}

/** The events of a scan, adjacent texts merged, or the scanner's own refusal. */
function scan(xml: string, chunk: number): string {
  const out: string[] = [];
  const s = new XmlScanner({
    open: (name, attrs) => out.push(`<${name} ${JSON.stringify(attrs)}>`),
    close: (name) => out.push(`</${name}>`),
    text: (t) => {
      if (out.length && out[out.length - 1].startsWith('T:')) out[out.length - 1] += t;
      else out.push(`T:${t}`);
    },
  });
  for (let i = 0; i < xml.length; i += chunk) s.write(xml.slice(i, i + chunk));
  s.end();
  return out.filter((e) => e !== 'T:').join('');
}

function scanOrRefusal(xml: string, chunk: number): string {
  try {
    return scan(xml, chunk);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return `refus : ${e.message}`;
    throw e;
  }
}

describe('propriétés : entrées quelconques', () => {
  it('le lecteur XML lit tout document bien formé de la même façon, quel que soit le découpage', () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 1, max: 64 }), (root, chunk) => {
        const xml = serialise(root);
        expect(scan(xml, chunk)).toBe(scan(xml, xml.length));
      }),
      { numRuns: 300 },
    );
  });

  it('du texte quelconque, tronqué ou mêlé de balises : un document lu ou un refus du lecteur, rien d’autre', () => {
    const soup = fc
      .array(
        fc.oneof(
          fc.string(),
          fc.constantFrom('<', '>', '</', '/>', '&', '&amp;', '<![CDATA[', ']]>', '<!--', '"', "'", '<a', '='),
        ),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(soup, fc.integer({ min: 1, max: 16 }), (xml, chunk) => {
        scanOrRefusal(xml, chunk);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(tree, fc.nat(), (root, cut) => {
        const xml = serialise(root);
        scanOrRefusal(xml.slice(0, cut % (xml.length + 1)), 7);
      }),
      { numRuns: 500 },
    );
  });

  it('entités en cascade, entités externes, imbrication profonde, attribut énorme : refusés ou lus, vite', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
      ']><lolz>&lol9;</lolz>';
    const external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    for (const xml of [laughs, external]) {
      const started = performance.now();
      expect(scanOrRefusal(xml, 1000)).toBe('refus : DOCTYPE avec déclarations internes (entités) non pris en charge');
      expect(performance.now() - started).toBeLessThan(1000);
    }
    const depth = 100_000;
    const started = performance.now();
    expect(scan('<a>'.repeat(depth) + '</a>'.repeat(depth), 65_536).length).toBeGreaterThan(depth);
    expect(scanOrRefusal('<a>'.repeat(depth), 65_536)).toMatch(/^refus : fin de fichier inattendue/);
    const huge = 'x'.repeat(5_000_000);
    expect(scan(`<r v="${huge}"/>`, 65_536)).toBe(`<r {"v":"${huge}"}></r>`);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('un fichier AAF d’octets quelconques : des enregistrements ou un refus d’import nommant le fichier', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-hasard-'));
    const header = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><ficAlimMENESR><addRequest><operationalAttributes>',
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, withHeader) => {
          const file = path.join(dir, 'ENT_TEST_Complet_20261128_Eleve_0000.xml');
          fs.writeFileSync(file, withHeader ? Buffer.concat([header, bytes]) : bytes);
          try {
            for await (const batch of readAafFile(file)) expect(Array.isArray(batch)).toBe(true);
          } catch (e) {
            expect(isDomainError(e, 'IMPORT_REFUSED'), String(e)).toBe(true);
            expect((e as Error).message).toContain('ENT_TEST_Complet_20261128_Eleve_0000.xml');
          }
        }),
        { numRuns: 300 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('les champs des formulaires du portail acceptent ou refusent avec un message, sans jamais lever', () => {
    const fields = [
      identifiantField,
      passwordField,
      newPasswordField,
      emailField,
      birthDateField,
      mobileField,
      codeField,
      nameField('nom'),
    ];
    const anything = fc.oneof(fc.string({ maxLength: 300 }), fc.fullUnicodeString({ maxLength: 50 }), fc.anything());
    fc.assert(
      fc.property(anything, (value) => {
        for (const field of fields) {
          const r = field.safeParse(value);
          if (!r.success) expect(r.error.issues[0].message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('les critères de « Responsables » venus de l’URL : toujours des critères valides ou un message', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('-1', '0', '1e309', '99999999999', 'NaN', "' or 1=1 --", '%00', '\u0000', 'eleve'),
      fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
    );
    const params = fc.dictionary(
      fc.constantFrom('q', 'classe', 'etat', 'mail', 'origine', 'tri', 'ordre', 'page', 'recherche', 'autre'),
      value,
    );
    fc.assert(
      fc.property(params, (sp) => {
        const { criteria, problem } = parseCriteria(sp);
        expect(criteria.page).toBeGreaterThanOrEqual(1);
        expect(criteria.page).toBeLessThanOrEqual(100_000);
        expect(criteria.q).not.toMatch(/[\u0000-\u001f]/);
        expect(criteria.q.length).toBeLessThanOrEqual(100);
        expect(criteria.classe.every((c) => Number.isInteger(c) && c > 0)).toBe(true);
        if (problem) expect(problem).toMatch(/trop long/);
      }),
      { numRuns: 2000 },
    );
  });

  it('le courrier de la boîte des rebonds, quel qu’il soit : un rapport lu ou rien, sans jamais lever', () => {
    // A report's skeleton, cut and mixed with anything: one message the reader cannot take would
    // stop every later run of read-bounces on it.
    const report = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; x',
      '',
      'Final-Recipient: rfc822; a@b',
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--B',
      'Content-Type: text/rfc822-headers',
      'Content-Transfer-Encoding: base64',
      '',
      'TWVzc2FnZS1JRDogPGFAYj4=',
      '--B--',
    ];
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc
        .tuple(fc.array(fc.constantFrom(...report), { maxLength: 30 }), fc.constantFrom('\n', '\r\n'))
        .map(([lines, eol]) => lines.join(eol)),
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(typeof isDeliveryReport(t)).toBe('boolean');
        const r = readDeliveryReport(t);
        if (r) expect(r.action.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
    expect(readDeliveryReport(report.join('\r\n'))).toEqual({
      messageId: '<a@b>',
      action: 'failed',
      status: '5.1.1',
      diagnostic: null,
    });
  });
});
