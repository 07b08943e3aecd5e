/**
 * The staging tables of an import, declared ONCE (DESIGN.md §7): one table per AAF category,
 * filled by COPY from the files. From this declaration come the row types the mapping returns,
 * the CREATE TABLE, the COPY column list, the line encoder, and the partial-update SQL that
 * merges a record into the domain tables (only the attributes the record carries, only what
 * differs).
 */
import type { Level } from '@/lib/generated/prisma/enums';
import { copyLine, type CopyValue } from '@/lib/directory/import/copy-rows';
import type { AafCategory } from '@/lib/directory/aaf/aaf-mapping';
import type { FingerprintedCategory } from '@/lib/directory/aaf/record-fingerprint';

type SqlType = 'text' | 'text[]' | 'int' | 'bigint' | 'date' | 'boolean' | 'level';
type TsType<T extends SqlType> = T extends 'text[]'
  ? string[]
  : T extends 'int'
    ? number
    : T extends 'bigint'
      ? bigint | null
      : T extends 'boolean'
        ? boolean
        : T extends 'level'
          ? Level | null
          : string | null;

/** How a staged column reaches its domain column when a record carries its attribute. */
interface Merge {
  /** The attribute name of `attrs` (one attribute may cover several columns, as the address). */
  attr: string;
  /** The domain column, when its name differs. */
  target?: string;
  /** An absent value keeps the stored one (names are never blanked). */
  keepOnNull?: boolean;
}

interface Column<T extends SqlType = SqlType> {
  type: T;
  merge?: Merge;
}
const col = <T extends SqlType>(type: T, merge?: Merge): Column<T> => ({ type, merge });

const ENVELOPE = { op: col('text'), aafId: col('text') };
const PLACE = { attrs: col('text[]'), file: col('int'), line: col('int') };
/**
 * The record's fingerprint (record-fingerprint.ts) and the warnings it raised (bits of WARNINGS),
 * written with the row it is merged into.
 */
const FINGERPRINT = { fingerprint: col('bigint'), warnings: col('int') };

export const STAGING = {
  EtabEducNat: {
    table: 'school',
    columns: { ...ENVELOPE, uai: col('text'), name: col('text'), academie: col('text'), ...PLACE },
  },
  PersEducNat: {
    table: 'agent',
    columns: {
      ...ENVELOPE,
      email: col('text'),
      lastName: col('text'),
      firstName: col('text'),
      dirUais: col('text[]'),
      ...PLACE,
    },
  },
  Eleve: {
    table: 'pupil',
    columns: {
      ...ENVELOPE,
      ine: col('text', { attr: 'ine' }),
      lastName: col('text', { attr: 'last_name', keepOnNull: true }),
      firstName: col('text', { attr: 'first_name', keepOnNull: true }),
      birthDate: col('date', { attr: 'birth_date' }),
      schoolUai: col('text'),
      classUai: col('text'),
      classAafId: col('text'),
      classLabel: col('text'),
      level: col('level', { attr: 'level' }),
      admitted: col('boolean'),
      legalIds: col('text[]', { attr: 'legal', target: 'aaf_legal_ids' }),
      ...PLACE,
      ...FINGERPRINT,
    },
  },
  PersRelEleve: {
    table: 'guardian',
    columns: {
      ...ENVELOPE,
      civility: col('text', { attr: 'civility' }),
      lastName: col('text', { attr: 'last_name', keepOnNull: true }),
      firstName: col('text', { attr: 'first_name', keepOnNull: true }),
      email: col('text', { attr: 'email' }),
      mobile: col('text', { attr: 'mobile' }),
      addressLine: col('text', { attr: 'address' }),
      postalCode: col('text', { attr: 'address' }),
      city: col('text', { attr: 'address' }),
      country: col('text', { attr: 'address' }),
      pupilIds: col('text[]', { attr: 'pupils', target: 'aaf_pupil_ids' }),
      idBase: col('text'),
      ...PLACE,
      ...FINGERPRINT,
    },
  },
} as const satisfies Record<AafCategory, { table: string; columns: Record<string, Column> }>;

type Columns<C extends AafCategory> = (typeof STAGING)[C]['columns'];

/** A staged row of category C, as the COPY line carries it. */
export type StagingRow<C extends AafCategory> = {
  [K in keyof Columns<C>]: Columns<C>[K] extends Column<infer T> ? TsType<T> : never;
};
/** What the mapping makes of one record: a staged row without its place in the files nor its fingerprint. */
export type MappedRow<C extends AafCategory> = Omit<StagingRow<C>, 'file' | 'line' | 'fingerprint' | 'warnings'>;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const entries = (c: AafCategory) => Object.entries(STAGING[c].columns) as [string, Column][];

/** The staging table of category C for one import. */
export const stagingTable = (importId: number, c: AafCategory) => `import_${importId}_${STAGING[c].table}`;

/** The column definitions of category C's staging table (`op text, aaf_id text, …`). */
export const stagingColumnsSql = (c: AafCategory) =>
  entries(c)
    .map(([key, column]) => `${snake(key)} ${column.type}`)
    .join(', ');

export const createStagingTableSql = (importId: number, c: AafCategory) =>
  `create unlogged table ${stagingTable(importId, c)} (${stagingColumnsSql(c)})`;

/** The records of category C recognised by their fingerprint: only their place in the files. */
export const recognisedTable = (importId: number, c: FingerprintedCategory) =>
  `import_${importId}_${STAGING[c].table}_reconnu`;
export const createRecognisedTableSql = (importId: number, c: FingerprintedCategory) =>
  `create unlogged table ${recognisedTable(importId, c)}
     (fingerprint bigint not null, file int not null, line int not null)`;

export function copySql(table: string, c: AafCategory): string {
  return `copy ${table} (${entries(c)
    .map(([key]) => snake(key))
    .join(', ')}) from stdin`;
}

/** The column keys of each category in declaration order, read once (stagingLine runs per record). */
const KEYS = Object.fromEntries(
  (Object.keys(STAGING) as AafCategory[]).map((c) => [c, Object.keys(STAGING[c].columns)]),
) as Record<AafCategory, string[]>;

/** One staged row as a COPY text line, columns in declaration order. */
export function stagingLine<C extends AafCategory>(c: C, row: StagingRow<C>): string {
  const values = row as Record<string, CopyValue>;
  return copyLine(KEYS[c].map((key) => values[key]));
}

export interface MergedColumn {
  /** Column of the domain table (alias t). */
  target: string;
  /** Column of the source rows (alias s). */
  source: string;
  attr: string;
  keepOnNull: boolean;
}

/** The columns of category C that a record's attributes write into its domain table. */
export function mergedColumns(c: AafCategory): MergedColumn[] {
  return entries(c).flatMap(([key, column]) =>
    column.merge
      ? [
          {
            target: column.merge.target ?? snake(key),
            source: snake(key),
            attr: column.merge.attr,
            keepOnNull: !!column.merge.keepOnNull,
          },
        ]
      : [],
  );
}

/**
 * `set` assignments and the `changed` condition of a partial update from source rows `s` into
 * domain rows `t`: a column changes only when the record carries its attribute, and a row is
 * written only when one of those columns differs.
 */
export function partialUpdate(columns: MergedColumn[]): { set: string; changed: string } {
  const set = columns.map((m) => {
    const value = m.keepOnNull ? `coalesce(s.${m.source}, t.${m.target})` : `s.${m.source}`;
    return `${m.target} = case when '${m.attr}' = any(s.attrs) then ${value} else t.${m.target} end`;
  });
  const byAttr = new Map<string, MergedColumn[]>();
  for (const m of columns) byAttr.set(m.attr, [...(byAttr.get(m.attr) ?? []), m]);
  const changed = [...byAttr].map(([attr, ms]) => {
    const tuple = (alias: string, pick: (m: MergedColumn) => string) =>
      ms.length === 1 ? `${alias}.${pick(ms[0])}` : `(${ms.map((m) => `${alias}.${pick(m)}`).join(', ')})`;
    return `('${attr}' = any(s.attrs) and ${tuple('t', (m) => m.target)} is distinct from ${tuple(
      's',
      (m) => m.source,
    )})`;
  });
  return { set: set.join(',\n        '), changed: changed.join('\n        or ') };
}
