/**
 * The plain `<addRequest>` read from its bytes (issue « Speed near the floor »): almost every record
 * of an export is written the same way — operational attributes, the identifier, then `<attr
 * name="…">` elements holding `<value>` elements, nothing else. Such a record is read here straight
 * from the bytes, decoding only the values it keeps, without the general scanner's callbacks and
 * strings (they were most of a reading thread's time). Anything else — a comment, an entity, CDATA,
 * another element or order, a tag with spaces, a value with « > », a name that is not ASCII, an empty
 * identifier, bytes invalid for the file's encoding — returns null, and the caller reads the record
 * with the general scanner, which accepts or refuses it as it always did. So this reader never
 * decides anything about a record that the scanner would decide otherwise: it either gives exactly
 * what the scanner gives, or leaves the record to it (tests/unit/record-reader.test.ts checks both on
 * random records).
 */
const LT = 0x3c;
const GT = 0x3e;
const QUOTE = 0x22;
const AMP = 0x26;

const tag = (s: string) => Buffer.from(s, 'latin1');
const ADD_OPEN = tag('<addRequest>');
const ADD_CLOSE = tag('</addRequest>');
const OPERATIONAL_OPEN = tag('<operationalAttributes>');
const OPERATIONAL_CLOSE = tag('</operationalAttributes>');
const IDENTIFIER_OPEN = tag('<identifier>');
const IDENTIFIER_CLOSE = tag('</identifier>');
const ID_OPEN = tag('<id>');
const ID_CLOSE = tag('</id>');
const ATTRIBUTES_OPEN = tag('<attributes>');
const ATTRIBUTES_CLOSE = tag('</attributes>');
const ATTR_OPEN = tag('<attr name="');
const ATTR_CLOSE = tag('</attr>');
const VALUE_OPEN = tag('<value>');
const VALUE_EMPTY = tag('<value/>');
const VALUE_CLOSE = tag('</value>');

const NO_BYTES = Buffer.alloc(0);

/** A value is refused here (left to the scanner) when it cannot be decoded for the file's encoding. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

export interface PlainRecord {
  id: string;
  attrs: Map<string, string[]>;
}

export class PlainRecordReader {
  private bytes: Buffer = NO_BYTES;
  private pos = 0;
  private readonly decoder: TextDecoder;

  /** `encoding`: the file's, as its declaration says (aaf-parser.ts). */
  constructor(encoding: string) {
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  /**
   * The record of `bytes[start, end)`, which begins with `<addRequest>` and ends with the first
   * `</addRequest>` after it; null when it is not written in the plain way.
   */
  read(bytes: Buffer, start: number, end: number): PlainRecord | null {
    this.bytes = bytes;
    this.pos = start;
    try {
      if (!this.take(ADD_OPEN)) return null;
      this.blanks();
      if (this.take(OPERATIONAL_OPEN)) {
        this.blanks();
        if (!this.attrList(null) || !this.take(OPERATIONAL_CLOSE)) return null;
        this.blanks();
      }
      if (!this.take(IDENTIFIER_OPEN)) return null;
      this.blanks();
      if (!this.take(ID_OPEN)) return null;
      const id = this.text();
      if (!id || !this.take(ID_CLOSE)) return null;
      this.blanks();
      if (!this.take(IDENTIFIER_CLOSE)) return null;
      this.blanks();
      const attrs = new Map<string, string[]>();
      if (this.take(ATTRIBUTES_OPEN)) {
        this.blanks();
        if (!this.attrList(attrs) || !this.take(ATTRIBUTES_CLOSE)) return null;
        this.blanks();
      }
      if (!this.take(ADD_CLOSE) || this.pos !== end) return null;
      return { id, attrs };
    } catch (e) {
      if (e === NOT_PLAIN) return null;
      throw e;
    } finally {
      this.bytes = NO_BYTES;
    }
  }

  /** Moves past `t` when the bytes at the current position are `t`. */
  private take(t: Buffer): boolean {
    const b = this.bytes;
    const p = this.pos;
    if (p + t.length > b.length) return false;
    for (let i = 0; i < t.length; i++) if (b[p + i] !== t[i]) return false;
    this.pos = p + t.length;
    return true;
  }

  /** Spaces, tabs and line ends between elements (the scanner passes them as ignored text). */
  private blanks() {
    const b = this.bytes;
    let p = this.pos;
    for (let c = b[p]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = b[++p]);
    this.pos = p;
  }

  /**
   * `<attr name="…">` elements and their values, into `attrs` (or checked only, for the operational
   * attributes, which are not the person's); false when one is not plain.
   */
  private attrList(attrs: Map<string, string[]> | null): boolean {
    const b = this.bytes;
    while (this.take(ATTR_OPEN)) {
      const from = this.pos;
      let p = from;
      for (let c = b[p]; c !== QUOTE; c = b[++p]) {
        // Entities, line ends and non-ASCII names are left to the scanner.
        if (c === undefined || c === LT || c === GT || c === AMP || c === 0x0a || c === 0x0d || c >= 0x80) return false;
      }
      if (b[p + 1] !== GT) return false;
      const name = b.toString('latin1', from, p);
      this.pos = p + 2;
      let values = attrs?.get(name);
      if (attrs && !values) attrs.set(name, (values = []));
      for (;;) {
        this.blanks();
        if (this.take(VALUE_EMPTY)) continue;
        if (!this.take(VALUE_OPEN)) break;
        const v = this.text();
        if (v === null || !this.take(VALUE_CLOSE)) return false;
        if (v && values) values.push(v);
      }
      if (!this.take(ATTR_CLOSE)) return false;
      this.blanks();
    }
    return true;
  }

  /**
   * The text up to the next « < », decoded and trimmed as the parser trims it; null when it holds an
   * entity or « > » (the scanner decodes or refuses those).
   */
  private text(): string | null {
    const b = this.bytes;
    const from = this.pos;
    let p = from;
    let ascii = true;
    for (let c = b[p]; c !== LT; c = b[++p]) {
      if (c === undefined || c === AMP || c === GT) return null;
      if (c >= 0x80) ascii = false;
    }
    this.pos = p;
    if (ascii) return b.toString('latin1', from, p).trim();
    try {
      return this.decoder.decode(b.subarray(from, p)).trim();
    } catch {
      throw NOT_PLAIN;
    }
  }
}
