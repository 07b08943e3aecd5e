/**
 * The pages of the account list (guide §5.4) decided here rather than by react-pdf. Given one long
 * table, react-pdf lays out every row left each time it starts a page: its cost grows with the
 * square of the rows (a school's 2,500 rows took 86 s and 1.7 GB of the web server, 500 rows 4.7 s;
 * docs/BENCHMARKS.md, session 28). Given the rows of each page, it lays out each page once.
 *
 * A row's height is its tallest cell's number of lines, and those lines are counted by react-pdf's
 * own text engine (@react-pdf/textkit, set up as @react-pdf/layout sets it up for a <Text>): the
 * same line breaks as on the page, to the word. The heights below are react-pdf's, read back from
 * its PDFs (the positions of the rows' text); a test renders the same rows both ways, this file's
 * pages and react-pdf's, and requires the same rows on each page.
 */
import { Font } from '@react-pdf/renderer';
import layoutEngine, {
  bidi,
  fontSubstitution,
  fromFragments,
  justification,
  linebreaker,
  scriptItemizer,
  textDecoration,
  wordHyphenation,
  type AttributedString,
  type Container,
  type LayoutOptions,
} from '@react-pdf/textkit';

/** Points of one line at the list's 8.5 pt (react-pdf's line height for Marianne, 1.5 em). */
export const LIST_LINE = 12.75;
/** Points a row adds to its lines: 3 pt of padding above and below, its 0.5 pt rule, rounding. */
export const LIST_ROW_EXTRA = 6.55;
/** Height of the table, header row included, on the first page (below the service's block and three lines). */
export const LIST_FIRST_PAGE = 376;
/** … and on each following page (A4 landscape less 30 pt margins and the table's 1 pt rule). */
export const LIST_NEXT_PAGE = 534.2;

/** Width of the table (A4 landscape, 841.89 pt, less two 30 pt margins) and each cell's padding. */
const TABLE_WIDTH = 841.89 - 60;
const CELL_PADDING = 6;

/** A column of the list: its share of the table's width and the font family of its text. */
export interface ListColumn<K extends string> {
  key: K;
  /** Share of the table's width, in percent. */
  percent: number;
  fontFamily: string;
}

/** The lines a text takes in a cell `width` points wide, set in `fontFamily`. */
export type LineCounter = (text: string, width: number, fontFamily: string) => number;

const engine = layoutEngine({
  bidi,
  linebreaker,
  justification,
  textDecoration,
  scriptItemizer,
  wordHyphenation,
  fontSubstitution,
});

/**
 * Counts lines as react-pdf lays a <Text> out (@react-pdf/layout's `layoutText`: the font family
 * with Helvetica behind it, left-aligned, the hyphenation callback registered in fonts.ts), for
 * regular text at `size` points. The families must be loaded (`Font.load`).
 */
export function reactPdfLines(size: number): LineCounter {
  type Fonts = AttributedString['runs'][number]['attributes']['font'];
  const fonts = new Map<string, Fonts>();
  const fontsOf = (family: string) => {
    let f = fonts.get(family);
    if (!f) {
      f = [family, 'Helvetica'].map(
        (fontFamily) =>
          (Font.getFont({ fontFamily, fontWeight: 400, fontStyle: 'normal' }) as { data?: unknown })?.data,
      ) as Fonts;
      fonts.set(family, f);
    }
    return f;
  };
  const options = {
    shrinkWhitespaceFactor: { before: -0.5, after: -0.5 },
    hyphenationCallback: Font.getHyphenationCallback() ?? undefined,
  } as LayoutOptions;
  return (text, width, fontFamily) => {
    if (!text) return 1;
    const attributed = fromFragments([
      { string: text, attributes: { font: fontsOf(fontFamily), fontSize: size, direction: 'ltr', align: 'left' } },
    ]);
    const container = { x: 0, y: 0, width, height: Infinity } as Container;
    return Math.max(
      1,
      engine(attributed, container, options).reduce((n, paragraph) => n + paragraph.length, 0),
    );
  };
}

/** A row's height in points: its tallest cell. */
export function rowHeight<K extends string>(
  row: Record<K, string>,
  columns: ListColumn<K>[],
  lines: LineCounter,
): number {
  let most = 1;
  for (const c of columns) {
    most = Math.max(most, lines(row[c.key], (c.percent / 100) * TABLE_WIDTH - CELL_PADDING, c.fontFamily));
  }
  return LIST_ROW_EXTRA + most * LIST_LINE;
}

/**
 * The rows of each page, in order: as many as the page holds after the header row (repeated on every
 * page), at least one. Always one page, empty for no row.
 */
export function listPages<T>(rows: T[], height: (row: T) => number, headerHeight: number): T[][] {
  const pages: T[][] = [[]];
  let budget = LIST_FIRST_PAGE - headerHeight;
  for (const row of rows) {
    const h = height(row);
    const page = pages[pages.length - 1];
    if (page.length > 0 && h > budget) {
      pages.push([row]);
      budget = LIST_NEXT_PAGE - headerHeight - h;
    } else {
      page.push(row);
      budget -= h;
    }
  }
  return pages;
}
