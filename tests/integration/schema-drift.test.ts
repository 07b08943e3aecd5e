/**
 * prisma/schema.prisma and the migrated database must agree (DESIGN.md §10): tables, columns,
 * types, nullability, defaults, enums, primary keys, unique constraints, indexes and foreign keys.
 * The datamodel is read with Prisma's own schema engine (WebAssembly build).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestClient } from '@/tests/support/pg-client';
import { get_dmmf } from '@prisma/prisma-schema-wasm';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueFields: string[][];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
  dbName?: string;
}

const schema = fs.readFileSync(path.resolve(__dirname, '../../prisma/schema.prisma'), 'utf8');
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string }[] }[];
    indexes: DmmfIndex[];
  };
};
const models = dmmf.datamodel.models;
const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;
const modelByName = new Map(models.map((m) => [m.name, m]));

const scalarType: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
};
const nativeType: Record<string, (args: string[]) => string> = {
  VarChar: (a) => `character varying(${a[0]})`,
  Timestamptz: (a) => `timestamp(${a[0] ?? 6}) with time zone`,
  Date: () => 'date',
  Text: () => 'text',
};
function expectedType(f: DmmfField): string {
  if (f.isList) return `${expectedType({ ...f, isList: false })}[]`;
  if (f.kind === 'enum') return dmmf.datamodel.enums.find((e) => e.name === f.type)!.dbName ?? f.type;
  if (f.nativeType) return nativeType[f.nativeType[0]](f.nativeType[1]);
  return scalarType[f.type];
}

const db = useTestClient();

describe('schema.prisma et la base migrée sont d’accord', () => {
  it('mêmes tables', async () => {
    const { rows } = await db().query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public'
        and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations' order by 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(models.map(tableOf).sort());
  });

  it('mêmes colonnes, types, nullabilité et valeurs par défaut', async () => {
    const { rows } = await db().query<{
      table_name: string;
      column_name: string;
      type: string;
      not_null: boolean;
      has_default: boolean;
      identity: boolean;
    }>(`
      select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
             a.attnotnull as not_null, a.atthasdef as has_default, a.attidentity <> '' as identity
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
         and c.relname <> '_prisma_migrations'`);
    const actual = rows
      .map(
        (r) =>
          `${r.table_name}.${r.column_name} ${r.type}` +
          `${r.not_null ? ' not null' : ''}${r.has_default || r.identity ? ' default' : ''}`,
      )
      .sort();
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
          // Prisma's scalar lists are nullable arrays in PostgreSQL.
          .map(
            (f) =>
              `${tableOf(m)}.${columnOf(f)} ${expectedType(f)}` +
              `${f.isRequired && !f.isList ? ' not null' : ''}${f.hasDefaultValue ? ' default' : ''}`,
          ),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('mêmes énumérations', async () => {
    const { rows } = await db().query<{ name: string; values: string[] }>(`
      select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder)::text[] as values
        from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = 'public' group by t.typname order by 1`);
    expect(rows).toEqual(
      dmmf.datamodel.enums
        .map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.name) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('mêmes clés primaires, index uniques et index', async () => {
    const { rows } = await db().query<{ table_name: string; unique: boolean; primary: boolean; columns: string[] }>(`
      select t.relname as table_name, ix.indisunique as unique, ix.indisprimary as primary,
             array_agg(a.attname || case when ix.indoption[k.i - 1] & 1 = 1 then ' desc' else '' end
                       order by k.i)::text[] as columns
        from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_namespace n on n.oid = t.relnamespace
        cross join lateral unnest(ix.indkey) with ordinality k(attnum, i)
        join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
       where n.nspname = 'public' and t.relname <> '_prisma_migrations'
       group by ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary`);
    const actual = rows
      .map((r) => `${r.table_name} ${r.primary ? 'pk' : r.unique ? 'unique' : 'index'} (${r.columns.join(', ')})`)
      .sort();
    const expected = dmmf.datamodel.indexes
      .filter((i) => i.type !== 'fulltext')
      .map((i) => {
        const m = modelByName.get(i.model)!;
        const cols = i.fields.map(
          (f) => `${columnOf(m.fields.find((x) => x.name === f.name)!)}${f.sortOrder === 'desc' ? ' desc' : ''}`,
        );
        const kind = i.type === 'id' ? 'pk' : i.type === 'unique' ? 'unique' : 'index';
        return `${tableOf(m)} ${kind} (${cols.join(', ')})`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it('mêmes clés étrangères et actions à la suppression', async () => {
    const { rows } = await db().query<{ def: string; table_name: string }>(`
      select c.relname as table_name, pg_get_constraintdef(con.oid) as def
        from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and con.contype = 'f'`);
    const actual = rows
      .map((r) => {
        const m = /FOREIGN KEY \((.+?)\) REFERENCES (\w+)\((.+?)\)/.exec(r.def)!;
        const onDelete = /ON DELETE (CASCADE|SET NULL|RESTRICT|NO ACTION|SET DEFAULT)/.exec(r.def)?.[1] ?? 'NO ACTION';
        return `${r.table_name}(${m[1]}) -> ${m[2]}(${m[3]}) on delete ${onDelete.toLowerCase()}`;
      })
      .sort();
    const action: Record<string, string> = {
      Cascade: 'cascade',
      SetNull: 'set null',
      Restrict: 'restrict',
      NoAction: 'no action',
    };
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
          .map((f) => {
            const target = modelByName.get(f.type)!;
            const from = f.relationFromFields!.map((n) => columnOf(m.fields.find((x) => x.name === n)!)).join(', ');
            const to = f.relationToFields!.map((n) => columnOf(target.fields.find((x) => x.name === n)!)).join(', ');
            const onDelete = f.relationOnDelete ? action[f.relationOnDelete] : f.isRequired ? 'restrict' : 'set null';
            return `${tableOf(m)}(${from}) -> ${tableOf(target)}(${to}) on delete ${onDelete}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});
