/** Writes AAF XML files (ficAlimMENESR envelope), streaming, in UTF-8 or ISO-8859-15. */
import fs from 'node:fs';
import path from 'node:path';

const LATIN9: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };
const LATIN1_REPLACED = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

export function encodeLatin9(s: string): Buffer {
  const out = Buffer.alloc(s.length);
  let i = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    out[i++] = LATIN9[ch] ?? (code < 256 && !LATIN1_REPLACED.has(code) ? code : 0x3f);
  }
  return out.subarray(0, i);
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export type AttrValues = Record<string, string | string[] | null | undefined>;

export function requestXml(
  kind: 'addRequest' | 'modifyRequest' | 'deleteRequest',
  category: string,
  id: string,
  attrs: AttrValues = {},
): string {
  // A modify request carries `modification` elements (operation « replace »), the others `attr`.
  const [element, extra] = kind === 'modifyRequest' ? ['modification', ' operation="replace"'] : ['attr', ''];
  const attrXml = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => {
      const values: string[] = v === null || v === undefined ? [''] : Array.isArray(v) ? v : [v];
      const xml = values.map((x) => (x === '' ? '<value/>' : `<value>${esc(x)}</value>`)).join('');
      return `<${element} name="${name}"${extra}>${xml}</${element}>`;
    })
    .join('');
  const op =
    '<operationalAttributes><attr name="categoriePersonne">' +
    `<value>${category}</value></attr></operationalAttributes>`;
  const body =
    kind === 'deleteRequest'
      ? ''
      : kind === 'modifyRequest'
        ? `<modifications>${attrXml}</modifications>`
        : `<attributes>${attrXml}</attributes>`;
  return `<${kind}>${op}<identifier><id>${esc(id)}</id></identifier>${body}</${kind}>\n`;
}

/**
 * The document type the ministry's exports declare, and the DTD file a drop carries beside them. The
 * importer never reads the DTD (xml-scanner.ts); it is written so that a generated export looks like
 * a real drop, whose listing skips it.
 */
export const AAF_DOCTYPE = '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">';
const AAF_DTD = `<!ELEMENT ficAlimMENESR (addRequest | modifyRequest | deleteRequest)*>
<!ELEMENT addRequest (operationalAttributes, identifier, attributes)>
<!ELEMENT modifyRequest (operationalAttributes, identifier, modifications)>
<!ELEMENT deleteRequest (operationalAttributes, identifier)>
<!ELEMENT operationalAttributes (attr)>
<!ELEMENT identifier (id)>
<!ELEMENT id (#PCDATA)>
<!ELEMENT attributes (attr+)>
<!ELEMENT attr (value+)>
<!ATTLIST attr name CDATA #REQUIRED>
<!ELEMENT modifications (modification+)>
<!ELEMENT modification (value+)>
<!ATTLIST modification name CDATA #REQUIRED operation (replace) #REQUIRED>
<!ELEMENT value (#PCDATA)>
`;

export function writeAafDtd(dir: string): void {
  fs.writeFileSync(path.join(dir, 'ficAlimMENESR.dtd'), AAF_DTD);
}

/** One file of an export: header, requests, footer; waits when the disk is slower than us. */
export class AafFileWriter {
  private stream: fs.WriteStream;
  count = 0;
  constructor(
    readonly path: string,
    private encoding: 'UTF-8' | 'ISO-8859-15',
  ) {
    this.stream = fs.createWriteStream(path);
    this.stream.write(
      this.encode(`<?xml version="1.0" encoding="${encoding}"?>\n<!-- versionAF="AAF-VE1803" -->\n${AAF_DOCTYPE}\n`),
    );
    this.stream.write(this.encode('<ficAlimMENESR>\n'));
  }
  private encode(s: string): Buffer {
    return this.encoding === 'UTF-8' ? Buffer.from(s, 'utf8') : encodeLatin9(s);
  }
  async write(xml: string): Promise<void> {
    this.count++;
    if (!this.stream.write(this.encode(xml))) await new Promise<void>((r) => this.stream.once('drain', () => r()));
  }
  async close(): Promise<void> {
    this.stream.end(this.encode('</ficAlimMENESR>\n'));
    await new Promise<void>((resolve, reject) => {
      this.stream.once('finish', resolve);
      this.stream.once('error', reject);
    });
  }
}

/** A category split into chunks `_0000`, `_0001`… of at most `chunkSize` requests. */
export class ChunkedWriter {
  private current: AafFileWriter | null = null;
  private index = 0;
  readonly files: string[] = [];
  constructor(
    private pathFor: (index: number) => string,
    private encoding: 'UTF-8' | 'ISO-8859-15',
    private chunkSize: number,
  ) {}
  async write(xml: string) {
    if (!this.current || this.current.count >= this.chunkSize) {
      await this.current?.close();
      this.current = new AafFileWriter(this.pathFor(this.index++), this.encoding);
      this.files.push(this.current.path);
    }
    await this.current.write(xml);
  }
  async close() {
    if (!this.current) {
      this.current = new AafFileWriter(this.pathFor(this.index++), this.encoding);
      this.files.push(this.current.path);
    }
    await this.current.close();
  }
}
