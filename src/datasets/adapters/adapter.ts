import type * as z from 'zod';
import type { Sample, TaskKind } from '../../types/sample.js';
import { recordError, type RecordContext } from '../fields.js';

/** What an adapter makes of one record; the loader adds id, benchmark, kind and file-level metadata. */
export type AdaptedRecord = Omit<Sample, 'id' | 'benchmark' | 'kind'> & {
  /** The dataset's own id, when it has one. Otherwise the loader uses `<prefix or split>-<row>`. */
  ownId?: string;
};

/**
 * Turns raw records of one shape into normalised samples. `fields` is the zod schema of the
 * benchmark file's `fields:` mapping; `toSample` validates each record and throws a UserError
 * naming file, row and field (via `recordError`) when one does not fit — never skips it.
 *
 * @example
 * export const tinyAdapter = defineAdapter({
 *   kind: 'open',
 *   fields: z.strictObject({ text: z.string(), summary: z.string() }),
 *   toSample: (record, f, ctx) => ({
 *     question: readText(record, f.text, ctx),
 *     references: [readText(record, f.summary, ctx)],
 *     metadata: {},
 *   }),
 * });
 */
export interface Adapter<F> {
  kind: TaskKind;
  fields: z.ZodType<F>;
  /** null: the record is outside the benchmark by definition (MATH Lvl 5 keeps only level-5 rows). */
  toSample(record: unknown, fields: F, ctx: RecordContext): AdaptedRecord | null;
  /** The top-level columns a mapping requires (optional ones — id, context, metadata — left out), checked up front for a `--file` override. */
  columns(fields: F): string[];
}

/**
 * Lets TypeScript infer `F` from the schema, and refuses a record that is not an object (a JSON
 * line holding a list or a number) before `toSample` sees it.
 */
export function defineAdapter<S extends z.ZodType>(adapter: {
  kind: TaskKind;
  fields: S;
  toSample(record: Record<string, unknown>, fields: z.output<S>, ctx: RecordContext): AdaptedRecord | null;
  columns(fields: z.output<S>): string[];
}): Adapter<z.output<S>> {
  return {
    ...adapter,
    toSample(record: unknown, fields: z.output<S>, ctx: RecordContext) {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) throw recordError(ctx, '(record)', 'is not an object');
      return adapter.toSample(record as Record<string, unknown>, fields, ctx);
    },
  } as Adapter<z.output<S>>;
}
