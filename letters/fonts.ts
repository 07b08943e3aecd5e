import { createHash } from 'node:crypto';
import path from 'node:path';
import { Font } from '@react-pdf/renderer';

/**
 * Marianne, the State's typeface, registered once for every PDF of the service, from the font
 * files shipped with the DSFR (@codegouvfr/react-dsfr). Every process of the service runs from
 * the project's root.
 */
const dir = path.resolve(process.cwd(), 'node_modules/@codegouvfr/react-dsfr/dsfr/fonts');

export const FONT = 'Marianne';

/**
 * What a parent types (identifiant, password), on letters and lists: a standard PDF face, fixed
 * width and without kerning, so that every reader sees the code as one token (Marianne's kerning
 * of « QJ » made PDF readers see « RNWQ J5RL »; DECISIONS « The codes on paper »).
 */
export const CODE_FONT = 'Courier-Bold';

// Weights as numbers: react-pdf's font lookup (`Font.getFont`) does not translate « bold », and
// would hand back the regular face for it.
const FACES = [
  { file: 'Marianne-Regular.woff', fontWeight: 400, fontStyle: 'normal' },
  { file: 'Marianne-Bold.woff', fontWeight: 700, fontStyle: 'normal' },
  { file: 'Marianne-Regular_Italic.woff', fontWeight: 400, fontStyle: 'italic' },
] as const;

/** What react-pdf's text layout asks of a font when it shapes a run (fontkit's `layout`). */
interface ShapedRun {
  glyphs: unknown[];
  positions: object[];
}
type Shaper = (text: string, features?: unknown, script?: string, language?: string, direction?: string) => ShapedRun;
interface LoadedFont {
  layout: Shaper;
  unitsPerEm: number;
}

const WRAPPED = Symbol.for('educonnect.letters.shapes-remembered');

/** Shaped runs kept per font face; a batch's letters repeat the same sentences on every page. */
const SHAPED_RUNS_KEPT = 20_000;

/**
 * Shaping a run through Marianne's OpenType tables is the largest cost of a letter (DESIGN.md
 * §10, docs/BENCHMARKS.md), and a thousand letters shape the same sentences a thousand times.
 * Shaping is a pure function of the text, the font and the features, so each face remembers the
 * runs it has shaped (as pdfkit does per word) and hands out copies: react-pdf may rewrite the
 * arrays it is given. `unitsPerEm`, read for every glyph, is a lookup through the font's tables
 * each time: it is read once.
 */
function rememberShapes(font: LoadedFont & { [WRAPPED]?: true }) {
  // A face wrapped already (a preparation that failed half-way and is tried again) is left as it is.
  if (font[WRAPPED]) return;
  Object.defineProperty(font, WRAPPED, { value: true });
  const shape = font.layout.bind(font);
  const shaped = new Map<string, ShapedRun>();
  font.layout = (text, features, script, language, direction) => {
    const key = `${direction}|${script}|${language}|${features ? JSON.stringify(features) : ''}|${text}`;
    let run = shaped.get(key);
    if (!run) {
      const fresh = shape(text, features, script, language, direction);
      run = { glyphs: fresh.glyphs, positions: fresh.positions };
      if (shaped.size >= SHAPED_RUNS_KEPT) shaped.clear();
      shaped.set(key, run);
    }
    return { glyphs: run.glyphs.slice(), positions: run.positions.map((p) => ({ ...p })) };
  };
  Object.defineProperty(font, 'unitsPerEm', { value: font.unitsPerEm });
  sameFontCheapToCompare(font as unknown as FontTables);
}

interface FontTables {
  name?: unknown;
  _tables?: { name?: { records?: object } };
}

/**
 * pdfkit, which draws react-pdf's pages, opens the font again for every run of text it draws and
 * checks that it is the one it has already embedded by serialising both fonts' name tables
 * (`isEqualFont`): a twentieth of a letter's rendering. The name table never changes: it
 * serialises as a digest of its contents, computed once.
 */
function sameFontCheapToCompare(font: FontTables): void {
  void font.name; // fontkit decodes a table when it is first read
  const records = font._tables?.name?.records;
  if (!records) return;
  const digest = createHash('sha256').update(JSON.stringify(records)).digest('hex');
  Object.defineProperty(records, 'toJSON', { value: () => digest });
}

/**
 * Where the preparation is remembered: on react-pdf's font store itself, which every copy of this
 * module shares. The web server bundles this module once per entry (the « Lister les comptes » route,
 * the server actions that print a few letters at once) but loads react-pdf once (next.config.mjs,
 * `serverExternalPackages`): a promise kept in the module was one per copy, and the second copy to
 * prepare wrapped the same loaded faces again and threw (« Cannot redefine property: toJSON »),
 * after one of them had printed — at every later call, until the process restarted.
 */
const PREPARED = Symbol.for('educonnect.letters.fonts');
const store = Font as typeof Font & { [PREPARED]?: Promise<void> };

/** Registers Marianne and loads its faces once per process (or worker thread), ready to shape. */
export function prepareFonts(): Promise<void> {
  store[PREPARED] ??= (async () => {
    Font.register({
      family: FONT,
      fonts: FACES.map(({ file, fontWeight, fontStyle }) => ({ src: path.join(dir, file), fontWeight, fontStyle })),
    });
    // Words are never cut: a French letter keeps its words whole.
    Font.registerHyphenationCallback((word) => [word]);
    for (const { fontWeight, fontStyle } of FACES) {
      const descriptor = { fontFamily: FONT, fontWeight, fontStyle };
      await Font.load(descriptor);
      const face = Font.getFont(descriptor) as unknown as { data: LoadedFont } | undefined;
      if (face?.data) rememberShapes(face.data);
    }
    // Loaded here too (react-pdf would load it with the first document that uses it): the account
    // list counts the lines of its cells before its document exists (list-pages.ts).
    await Font.load({ fontFamily: CODE_FONT });
  })().catch((e: unknown) => {
    store[PREPARED] = undefined;
    throw e;
  });
  return store[PREPARED];
}
