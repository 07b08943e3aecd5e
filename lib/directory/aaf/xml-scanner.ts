/**
 * A strict, streaming XML scanner for the AAF dialect — elements, attributes, text, character
 * and entity references, comments, CDATA, the XML declaration. It checks well-formedness (tags
 * nest and match, one root, nothing after it, known entities, quoted attributes) and counts
 * lines. It reads no DTD: the DOCTYPE that the ministry's exports carry (`<!DOCTYPE ficAlimMENESR
 * SYSTEM "ficAlimMENESR.dtd">`) is checked for its form and skipped — the file it names is never
 * opened — and a DOCTYPE with an internal subset, where entities would be declared, is refused. It
 * is about five times faster than a general SAX parser on AAF files, which matters at académie
 * scale (a gigabyte a night).
 */
export interface ScannerHandlers {
  open(name: string, attrs: Record<string, string>, line: number): void;
  close(name: string): void;
  text(value: string): void;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;
const ATTR = /\s*([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
/** V8 keeps `a + b` as a rope, slow to read char by char: converting it to a number flattens it. */
function flatten(s: string): string {
  Number(s);
  return s;
}

const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** `<!DOCTYPE name>`, optionally with a SYSTEM or PUBLIC identifier, and no internal subset. */
const DOCTYPE =
  /^<!DOCTYPE\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s+(?:SYSTEM|PUBLIC\s+(?:"[^"]*"|'[^']*'))\s+(?:"[^"]*"|'[^']*'))?\s*>$/;
/** A DOCTYPE longer than this is not one an export writes: refused rather than waited for. */
const DOCTYPE_MAX = 1024;

/**
 * Where the DOCTYPE starting at `pos` ends (its « > », outside quotes), or -1 when the text does not
 * hold its end yet. An internal subset (« [ » outside quotes) is refused.
 */
function doctypeEnd(s: string, pos: number, line: number): number {
  let quote = 0;
  const stop = Math.min(s.length, pos + DOCTYPE_MAX);
  for (let i = pos + 9; i < stop; i++) {
    const c = s.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
    else if (c === 0x5b)
      throw new XmlSyntaxError('DOCTYPE avec déclarations internes (entités) non pris en charge', line);
  }
  if (stop < s.length || s.length - pos >= DOCTYPE_MAX) throw new XmlSyntaxError('DOCTYPE non fermé', line);
  return -1;
}

function quotesBalanced(body: string): boolean {
  let quote = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
  }
  return quote === 0;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, line: number): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError('« & » isolé (écrire &amp;)', line);
    if (name in ENTITIES) return ENTITIES[name];
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(name);
    if (!m) throw new XmlSyntaxError(`entité inconnue « &${name}; »`, line);
    const code = m[1] ? parseInt(m[1], 16) : parseInt(m[2], 10);
    if (code > 0x10ffff || code === 0) throw new XmlSyntaxError(`référence de caractère invalide « &${name}; »`, line);
    return String.fromCodePoint(code);
  });
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

export class XmlScanner {
  private buf = '';
  private line = 1;
  private stack: string[] = [];
  private sawRoot = false;
  private rootClosed = false;
  private first = true;
  private sawDoctype = false;
  private knownNames = new Set<string>();

  constructor(private h: ScannerHandlers) {}

  /** The line where the text given so far ends (the text not yet scanned counted too). */
  lineAtEnd(): number {
    return this.line + countLines(this.buf, 0, this.buf.length);
  }

  /**
   * Whether a whole child of the root may be skipped here, unread (record-fingerprint.ts): the
   * scanner stands inside the root, between two of its children, with nothing pending but blanks.
   */
  atChildBoundary(): boolean {
    if (this.stack.length !== 1 || this.rootClosed) return false;
    for (let i = 0; i < this.buf.length; i++) {
      const c = this.buf.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
    }
    return true;
  }

  /**
   * Skips a child of the root whose raw text held `newlines` line feeds (call only at a child
   * boundary); returns the line where it starts, as `open` would have said.
   */
  skipChild(newlines: number): number {
    this.line += countLines(this.buf, 0, this.buf.length);
    this.buf = '';
    const start = this.line;
    this.line += newlines;
    return start;
  }

  write(chunk: string) {
    this.buf = this.buf ? flatten(this.buf + chunk) : chunk;
    this.scan(false);
  }

  end() {
    this.scan(true);
    if (this.buf.trim()) throw new XmlSyntaxError('fin de fichier inattendue (balise incomplète)', this.line);
    if (!this.sawRoot) throw new XmlSyntaxError('aucun élément racine', this.line);
    if (this.stack.length)
      throw new XmlSyntaxError(`fin de fichier inattendue : balise <${this.stack.at(-1)}> non fermée`, this.line);
  }

  private scan(final: boolean) {
    const s = this.buf;
    let pos = 0;
    const n = s.length;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end of the buffer: keep it for the next chunk (it may go on).
        if (final) this.textSegment(s, pos, n);
        else break;
        pos = n;
        break;
      }
      if (lt > pos) {
        this.textSegment(s, pos, lt);
        pos = lt;
      }
      // A tag, a comment, CDATA or a processing instruction starts at pos.
      const next = s.charCodeAt(pos + 1);
      if (next === 0x21 && s.startsWith('<!--', pos)) {
        const end = s.indexOf('-->', pos + 4);
        if (end < 0) break;
        this.line += countLines(s, pos, end);
        pos = end + 3;
        continue;
      }
      if (next === 0x21 && s.startsWith('<![CDATA[', pos)) {
        const end = s.indexOf(']]>', pos + 9);
        if (end < 0) break;
        if (!this.stack.length) throw new XmlSyntaxError('texte hors de l’élément racine', this.line);
        this.h.text(s.slice(pos + 9, end));
        this.line += countLines(s, pos, end);
        pos = end + 3;
        continue;
      }
      if (next === 0x3f) {
        const end = s.indexOf('?>', pos + 2);
        if (end < 0) break;
        if (!this.first && s.startsWith('<?xml', pos) && /\s/.test(s[pos + 5] ?? ''))
          throw new XmlSyntaxError('déclaration XML ailleurs qu’en tête', this.line);
        this.line += countLines(s, pos, end);
        pos = end + 2;
        this.first = false;
        continue;
      }
      if (next === 0x21) {
        if (n - pos < 9 && !final) break;
        if (!s.startsWith('<!DOCTYPE', pos)) throw new XmlSyntaxError('déclaration non prise en charge', this.line);
        const end = doctypeEnd(s, pos, this.line);
        if (end < 0) {
          if (final) throw new XmlSyntaxError('fin de fichier inattendue (DOCTYPE non fermé)', this.line);
          break;
        }
        this.doctype(s.slice(pos, end + 1));
        pos = end + 1;
        continue;
      }
      // Fast paths for the tags that make up most of an AAF file: a closing tag matching the
      // open element, and `<value>` / `<attr name="…">` — no slicing, no regular expression.
      if (next === 0x2f && this.stack.length) {
        const top = this.stack[this.stack.length - 1];
        const after = pos + 2 + top.length;
        if (after < n && s.charCodeAt(after) === 0x3e && s.startsWith(top, pos + 2)) {
          this.stack.pop();
          this.h.close(top);
          if (!this.stack.length) this.rootClosed = true;
          this.first = false;
          pos = after + 1;
          continue;
        }
      }
      if (this.stack.length && !this.rootClosed) {
        if (next === 0x76 && s.startsWith('value>', pos + 1)) {
          this.stack.push('value');
          this.h.open('value', NO_ATTRS, this.line);
          pos += 7;
          continue;
        }
        if (next === 0x61 && s.startsWith('attr name="', pos + 1)) {
          const q = s.indexOf('"', pos + 12);
          if (q > 0 && s.charCodeAt(q + 1) === 0x3e) {
            const value = s.slice(pos + 12, q);
            if (value.indexOf('<') < 0 && value.indexOf('\n') < 0) {
              this.stack.push('attr');
              this.h.open(
                'attr',
                { name: value.indexOf('&') >= 0 ? decodeEntities(value, this.line) : value },
                this.line,
              );
              pos = q + 2;
              continue;
            }
          }
        }
      }
      // An element tag: its end is the first « > » outside quotes (quotes are rare in AAF tags).
      let end = s.indexOf('>', pos + 1);
      while (end >= 0) {
        const body = s.slice(pos + 1, end);
        if ((body.indexOf('"') < 0 && body.indexOf("'") < 0) || quotesBalanced(body)) break;
        end = s.indexOf('>', end + 1);
      }
      if (end < 0) break;
      const body = s.slice(pos + 1, end);
      if (body.indexOf('<') >= 0) throw new XmlSyntaxError('« < » dans une balise', this.line);
      this.first = false;
      this.tag(body);
      if (body.indexOf('\n') >= 0) this.line += countLines(body, 0, body.length);
      pos = end + 1;
    }
    this.buf = s.slice(pos);
  }

  /** The document type declaration: once, before the root, well formed; nothing of it is kept. */
  private doctype(decl: string) {
    if (this.sawRoot) throw new XmlSyntaxError('DOCTYPE après le début de l’élément racine', this.line);
    if (this.sawDoctype) throw new XmlSyntaxError('DOCTYPE répété', this.line);
    if (!DOCTYPE.test(decl)) throw new XmlSyntaxError('DOCTYPE mal formé', this.line);
    this.sawDoctype = true;
    this.first = false;
    this.line += countLines(decl, 0, decl.length);
  }

  private textSegment(s: string, from: number, to: number) {
    this.first = false;
    if (to - from === 1 && s.charCodeAt(from) === 10) {
      this.line++;
      if (this.stack.length) this.h.text('\n');
      return;
    }
    const raw = s.slice(from, to);
    if (!this.stack.length) {
      if (raw.trim())
        throw new XmlSyntaxError(
          this.rootClosed ? 'contenu après l’élément racine' : 'texte hors de l’élément racine',
          this.line,
        );
    } else {
      if (raw.includes(']]>')) throw new XmlSyntaxError('« ]]> » dans le texte', this.line);
      this.h.text(decodeEntities(raw, this.line));
    }
    this.line += countLines(s, from, to);
  }

  private tag(body: string) {
    if (body.charCodeAt(0) === 0x2f) {
      const name = body.slice(1).trimEnd();
      const open = this.stack.pop();
      if (open !== name) {
        throw new XmlSyntaxError(
          open
            ? `balise fermante </${name}> inattendue (</${open}> attendue)`
            : `balise fermante </${name}> sans ouverture`,
          this.line,
        );
      }
      this.h.close(name);
      if (!this.stack.length) this.rootClosed = true;
      return;
    }
    const selfClosing = body.charCodeAt(body.length - 1) === 0x2f;
    const inner = selfClosing ? body.slice(0, -1) : body;
    let name: string;
    if (this.knownNames.has(inner)) name = inner;
    else {
      const m = /^([^\s/>]+)/.exec(inner);
      if (!m || !NAME.test(m[1]))
        throw new XmlSyntaxError(`nom de balise invalide « <${inner.slice(0, 20)} »`, this.line);
      name = m[1];
      if (name === inner) this.knownNames.add(name);
    }
    if (this.rootClosed || (!this.stack.length && this.sawRoot))
      throw new XmlSyntaxError('contenu après l’élément racine', this.line);
    const rest = name === inner ? '' : inner.slice(name.length);
    const attrs: Record<string, string> = rest ? {} : NO_ATTRS;
    if (rest.trim()) {
      let i = 0;
      while (i < rest.length) {
        ATTR.lastIndex = i;
        const a = ATTR.exec(rest);
        if (!a) {
          if (rest.slice(i).trim() === '') break;
          throw new XmlSyntaxError(`attribut mal formé dans <${name}>`, this.line);
        }
        if (a[1] in attrs) throw new XmlSyntaxError(`attribut « ${a[1]} » répété dans <${name}>`, this.line);
        attrs[a[1]] = decodeEntities(a[2] ?? a[3] ?? '', this.line);
        i = ATTR.lastIndex;
        if (i < rest.length && !/\s/.test(rest[i])) {
          if (rest.slice(i).trim() === '') break;
          throw new XmlSyntaxError(`attribut mal formé dans <${name}>`, this.line);
        }
      }
    }
    this.sawRoot = true;
    this.stack.push(name);
    this.h.open(name, attrs, this.line);
    if (selfClosing) {
      this.stack.pop();
      this.h.close(name);
      if (!this.stack.length) this.rootClosed = true;
    }
  }
}
