/**
 * Reading typed values out of raw dataset records, with errors that name file, row and field.
 * Field references in benchmark files are dotted paths (`QUESTION.AnswerList.0.Answer.AnswerText`)
 * or a constant (`{const: "…"}`).
 */
import * as z from 'zod';
import type { MetadataValue } from '../types/sample.js';
import { UserError } from '../util/errors.js';

/** A field reference: a dotted path into the record, or a fixed text. */
export const FieldRef = z.union([
  z.string().min(1),
  z.strictObject({ const: z.string() }),
]);
export type FieldRef = z.output<typeof FieldRef>;

/** Where a record came from: the file as the user knows it, and its 0-based row (as in `<split>-<row>` ids). */
export interface RecordContext {
  file: string;
  row: number;
  /** Credentialed data (MIMIC): errors name file, row and field but never quote a value. */
  redact?: boolean;
}

export function recordError(ctx: RecordContext, field: string, problem: string): UserError {
  return new UserError(
    `${ctx.file} row ${ctx.row}: field "${field}" ${problem}; the file does not fit its benchmark's schema (fix the file, or the "fields" mapping in its benchmarks/*.yaml)`,
  );
}

function describe(value: unknown, ctx?: RecordContext): string {
  if (value === undefined) return 'is missing';
  if (ctx?.redact && value !== null) return `is ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`} (value not shown: credentialed data)`;
  if (value === null) return 'is null';
  if (Array.isArray(value)) return 'is a list';
  if (typeof value === 'bigint') return `is the number ${value}`;
  if (typeof value === 'string') return `is the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `is ${typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`}`;
}

/** Follows a dotted path; numeric segments index lists. Undefined when any step is missing. */
export function getPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? value[Number(part)] : (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A text field; empty (or whitespace-only) text is an error unless `allowEmpty`. */
export function readText(record: unknown, ref: FieldRef, ctx: RecordContext, opts: { allowEmpty?: boolean; join?: string } = {}): string {
  if (typeof ref !== 'string') return ref.const;
  let value = getPath(record, ref);
  // A list of texts (PubMedQA CONTEXTS) is joined, exactly, with `join`.
  if (opts.join !== undefined && Array.isArray(value) && value.every((v) => typeof v === 'string')) value = value.join(opts.join);
  if (typeof value !== 'string') throw recordError(ctx, ref, `${describe(value, ctx)}, expected text`);
  if (!opts.allowEmpty && value.trim() === '') throw recordError(ctx, ref, 'is empty, expected text');
  return value;
}

/** Like readText but undefined when the field is absent or null. */
export function readOptionalText(record: unknown, ref: FieldRef | undefined, ctx: RecordContext, join?: string): string | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'string') {
    const value = getPath(record, ref);
    if (value === undefined || value === null) return undefined;
  }
  return readText(record, ref, ctx, { allowEmpty: true, join });
}

/** An integer from a number, a BigInt (parquet INT64) or a numeric string (CSV). */
export function readInteger(record: unknown, path: string, ctx: RecordContext): number {
  const value = getPath(record, path);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  throw recordError(ctx, path, `${describe(value, ctx)}, expected an integer`);
}

/** A metadata value: text, number or boolean (BigInt becomes a number); null or absent is null. */
export function readScalar(record: unknown, path: string, ctx: RecordContext): MetadataValue {
  const value = getPath(record, path);
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw recordError(ctx, path, `${describe(value, ctx)}, expected a single value (text, number or boolean)`);
}

/** The record's own id, when the mapping names one: text or integer, never empty. */
export function readId(record: unknown, path: string | undefined, ctx: RecordContext): string | undefined {
  if (path === undefined) return undefined;
  const value = getPath(record, path);
  // Some copies leave the id column null (the staged MedMCQA parquet): fall back to `<split>-<row>`.
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw recordError(ctx, path, `${describe(value, ctx)}, expected an id (text or integer)`);
}

export function readMetadata(record: unknown, mapping: Record<string, string>, ctx: RecordContext): Record<string, MetadataValue> {
  const out: Record<string, MetadataValue> = {};
  for (const [name, path] of Object.entries(mapping)) out[name] = readScalar(record, path, ctx);
  return out;
}

/** The distinct top-level columns of some field paths (`QUESTION.AnswerList.0` → `QUESTION`); constants name none. */
export function topColumns(refs: readonly (FieldRef | undefined)[]): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    if (typeof ref !== 'string') continue;
    const top = ref.split('.')[0];
    if (!out.includes(top)) out.push(top);
  }
  return out;
}
