/**
 * Tiny parquet fixtures written with hyparquet-writer at test time, in the layout the Hub's
 * parquet files use (every column OPTIONAL, standard 3-level LIST, structs as groups).
 *
 * A fixture is `{ "columns": { name: type }, "rows": [...] }` where a type is "string", "int64"
 * (written as INT64, so hyparquet reads it back as BigInt), "int32", "double", "bool", a list
 * `[type]` (shorthand "string[]"), or a struct `{ field: type }`.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';

export type ColumnType = 'string' | 'string[]' | 'int64' | 'int32' | 'double' | 'bool' | ColumnType[] | { [field: string]: ColumnType };

export interface ParquetFixture {
  columns: Record<string, ColumnType>;
  rows: Record<string, unknown>[];
}

type SchemaElement = Record<string, unknown>;

const LEAVES: Record<string, SchemaElement> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  int64: { type: 'INT64' },
  int32: { type: 'INT32' },
  double: { type: 'DOUBLE' },
  bool: { type: 'BOOLEAN' },
};

function schemaOf(name: string, type: ColumnType): SchemaElement[] {
  if (type === 'string[]') return schemaOf(name, ['string']);
  if (typeof type === 'string') return [{ name, repetition_type: 'OPTIONAL', ...LEAVES[type] }];
  if (Array.isArray(type)) {
    return [
      { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      ...schemaOf('element', type[0]),
    ];
  }
  const fields = Object.entries(type);
  return [{ name, repetition_type: 'OPTIONAL', num_children: fields.length }, ...fields.flatMap(([f, t]) => schemaOf(f, t))];
}

function convert(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'int64') return BigInt(value as number);
  if (type === 'string[]') return convert(value, ['string']);
  if (Array.isArray(type)) return (value as unknown[]).map((v) => convert(v, type[0]));
  if (typeof type === 'object') {
    return Object.fromEntries(Object.entries(type).map(([f, t]) => [f, convert((value as Record<string, unknown>)[f], t)]));
  }
  return value;
}

export function parquetFixtureBytes(fixture: ParquetFixture): Uint8Array {
  const names = Object.keys(fixture.columns);
  const schema = [{ name: 'root', num_children: names.length }, ...names.flatMap((n) => schemaOf(n, fixture.columns[n]))];
  const columnData = names.map((n) => ({ name: n, data: fixture.rows.map((r) => convert(r[n], fixture.columns[n])) }));
  // hyparquet-writer's types are narrower than the schemas it accepts (structs, lists of structs).
  const buffer = parquetWriteBuffer({ columnData, schema } as unknown as Parameters<typeof parquetWriteBuffer>[0]);
  return new Uint8Array(buffer);
}
