/**
 * react-pdf's text layout engine (@react-pdf/textkit), remembering the paragraphs it has laid out.
 *
 * A batch of letters lays out the same paragraphs on every page: of about sixteen text blocks on a
 * letter, one or two differ from one family to the next (names, identifiant). Laying a paragraph
 * out (line breaking, justification, glyph positions) was half of a letter's rendering time
 * (docs/BENCHMARKS.md). Layout is a pure function of the paragraph's text and attributes, the
 * container and the options, and react-pdf only reads the lines it gets back (its pagination slices
 * the list, its drawing reads the positions), so a paragraph already laid out is handed back as is.
 *
 * This module stands in for @react-pdf/textkit where @react-pdf/layout imports it, in the code
 * of the letters' render threads (letters/render-parallel.ts, lib/threads/thread-code.ts); it
 * exports everything textkit exports, with the engine factory wrapped.
 */
import layoutEngine, { type AttributedString, type Container, type LayoutOptions } from '@react-pdf/textkit';

export * from '@react-pdf/textkit';

type Engine = ReturnType<typeof layoutEngine>;

/** Paragraphs kept per engine; the least recently used go first (a batch's own lines, names). */
export const LAYOUTS_KEPT = 200;

const ids = new WeakMap<object, number>();
let nextId = 1;

/**
 * A value of the key: plain objects and arrays by their contents, other objects (fonts, images,
 * callbacks) by identity, the rest by value.
 */
function part(v: unknown, depth = 0): string {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return `${typeof v}:${String(v)}`;
  if (depth < 4 && Array.isArray(v)) return `[${v.map((x) => part(x, depth + 1)).join(',')}]`;
  if (depth < 4 && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .map((k) => `${k}=${part(o[k], depth + 1)}`)
      .join(';')}}`;
  }
  let id = ids.get(v);
  if (!id) ids.set(v, (id = nextId++));
  return `#${id}`;
}

/**
 * What decides a paragraph's layout, as a string: the text, every attribute of every run (the
 * lines carry them to the drawing: colour, link…), the container and the options. `null` when the
 * container has shapes to flow around: left to the engine each time.
 */
function layoutKey(text: AttributedString, container: Container, options: LayoutOptions): string | null {
  if (container.exclusions?.length) return null;
  let key = `${part(container)}|${part(options)}`;
  for (const run of text.runs) key += `|${run.start},${run.end}${part(run.attributes)}`;
  return `${key}|${text.string}`;
}

/** An engine that hands back the lines of a paragraph it has laid out before. */
export function rememberLayouts(engine: Engine, kept = LAYOUTS_KEPT): Engine {
  const laidOut = new Map<string, ReturnType<Engine>>();
  return (text, container, options = {}) => {
    const key = layoutKey(text, container, options);
    if (key === null) return engine(text, container, options);
    let lines = laidOut.get(key);
    if (lines) laidOut.delete(key);
    else {
      lines = engine(text, container, options);
      if (laidOut.size >= kept) laidOut.delete(laidOut.keys().next().value!);
    }
    laidOut.set(key, lines);
    return lines;
  };
}

export default function rememberingLayoutEngine(engines: Parameters<typeof layoutEngine>[0]): Engine {
  return rememberLayouts(layoutEngine(engines));
}
