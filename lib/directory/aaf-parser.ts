/**
 * Streaming reader of AAF XML exports (DESIGN.md §7): envelope `ficAlimMENESR`, then
 * `addRequest` / `modifyRequest` / `deleteRequest`, each with `identifier/id` and attributes
 * (`attr name=…` holding `value` elements; `modification name=…` is accepted in modify requests).
 * UTF-8 or ISO-8859-15 (and Latin-1 / Windows-1252), as the XML declaration says. Memory stays
 * flat: records are handed out chunk by chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { ImportRefused } from './errors';

export type AafOperation = 'add' | 'modify' | 'delete';

export interface AafRecord {
  op: AafOperation;
  id: string;
  /** Attribute name → values; an empty `<value/>` is an absent value and is dropped. */
  attrs: Map<string, string[]>;
  /** Line of the request's opening tag. */
  line: number;
}

const OPS: Record<string, AafOperation> = { addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' };
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-15': 'iso-8859-15',
  'iso-8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'windows-1252': 'windows-1252',
};

/** The encoding the XML declaration names (UTF-8 when there is none, as XML says). */
export function declaredEncoding(head: Buffer, file: string): string {
  const text = head.toString('latin1');
  if (text.charCodeAt(0) === 0xef && text.charCodeAt(1) === 0xbb && text.charCodeAt(2) === 0xbf) return 'utf-8';
  const decl = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  if (!decl) return 'utf-8';
  const enc = ENCODINGS[decl[1].toLowerCase()];
  if (!enc) throw new ImportRefused(`encodage « ${decl[1]} » non pris en charge (UTF-8 ou ISO-8859-15 attendu)`, file, 1);
  return enc;
}

export async function* readAafFile(filePath: string): AsyncGenerator<AafRecord[]> {
  const file = path.basename(filePath);
  const fd = await fs.promises.open(filePath, 'r');
  const head = Buffer.alloc(200);
  await fd.read(head, 0, 200, 0);
  await fd.close();
  const encoding = declaredEncoding(head, file);
  const decoder = new TextDecoder(encoding, { fatal: true });

  const parser = new SaxesParser({ position: true });
  let batch: AafRecord[] = [];
  let current: AafRecord | null = null;
  let depthTags: string[] = [];
  let attrName: string | null = null;
  let inOperational = false;
  let text = '';
  let sawRoot = false;
  let parseError: ImportRefused | null = null;

  parser.on('error', (e) => {
    parseError ??= new ImportRefused(`XML mal formé (${e.message.replace(/^.*?:\d+:\d+: /, '')})`, file, parser.line);
  });
  parser.on('opentag', (tag) => {
    depthTags.push(tag.name);
    text = '';
    if (depthTags.length === 1) {
      if (tag.name !== 'ficAlimMENESR') parseError ??= new ImportRefused(`enveloppe « ${tag.name} » inattendue (ficAlimMENESR attendue)`, file, parser.line);
      sawRoot = true;
      return;
    }
    if (depthTags.length === 2) {
      const op = OPS[tag.name];
      if (!op) {
        parseError ??= new ImportRefused(`requête « ${tag.name} » inconnue`, file, parser.line);
        return;
      }
      current = { op, id: '', attrs: new Map(), line: parser.line };
      return;
    }
    if (!current) return;
    if (tag.name === 'operationalAttributes') inOperational = true;
    else if ((tag.name === 'attr' || tag.name === 'modification') && !inOperational) {
      attrName = String((tag.attributes as Record<string, unknown>).name ?? '');
      if (!current.attrs.has(attrName)) current.attrs.set(attrName, []);
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    depthTags.pop();
    if (!current) return;
    if (tag.name === 'operationalAttributes') inOperational = false;
    else if (tag.name === 'id' && depthTags[depthTags.length - 1] === 'identifier') current.id = text.trim();
    else if (tag.name === 'value' && attrName && !inOperational) {
      const v = text.trim();
      if (v) current.attrs.get(attrName)!.push(v);
    } else if (tag.name === 'attr' || tag.name === 'modification') attrName = null;
    else if (depthTags.length === 1) {
      if (!current.id) parseError ??= new ImportRefused('requête sans identifiant (identifier/id)', file, current.line);
      batch.push(current);
      current = null;
    }
    text = '';
  });

  const stream = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let decoded: string;
      try {
        decoded = decoder.decode(chunk, { stream: true });
      } catch {
        throw new ImportRefused(`octets invalides pour l'encodage déclaré ${encoding.toUpperCase()}`, file, parser.line);
      }
      parser.write(decoded);
      if (parseError) throw parseError;
      if (batch.length) {
        yield batch;
        batch = [];
      }
    }
    try {
      parser.write(decoder.decode());
    } catch {
      throw new ImportRefused(`octets invalides pour l'encodage déclaré ${encoding.toUpperCase()}`, file, parser.line);
    }
    parser.close();
    if (parseError) throw parseError;
    if (!sawRoot) throw new ImportRefused('fichier vide ou sans enveloppe ficAlimMENESR', file, 1);
    if (batch.length) yield batch;
  } finally {
    stream.destroy();
    depthTags = [];
  }
}
