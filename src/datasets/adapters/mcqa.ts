/**
 * Multiple choice, driven by a field mapping. Covers MedQA (options object + letter), MedMCQA
 * (opa–opd + 0-based cop), MMLU (choices list + 0-based answer), CareQA (op1–op4 + 1-based cop),
 * PubMedQA (fixed yes/no/maybe + answer text) and the 5-class text classification set.
 *
 * Texts are kept exactly as in the file: prompt builders (lm-evaluation-harness formats) rely on it.
 * Option keys are A, B, C… in the dataset's original order; `answer` is the gold key.
 */
import * as z from 'zod';
import type { OptionItem } from '../../types/sample.js';
import { FieldRef, getPath, readId, readInteger, readMetadata, readOptionalText, readText, recordError, topColumns, type RecordContext } from '../fields.js';
import { defineAdapter } from './adapter.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const McqaFields = z.strictObject({
  /** Path of the record's own id, if it has a real one. */
  id: z.string().optional(),
  question: FieldRef,
  /** Text the question is about; a list of texts is joined with `contextJoin`. */
  context: FieldRef.optional(),
  contextJoin: z.string().default('\n'),
  /**
   * A path to a list (`choices`) or to an object keyed by letter (`options`), a list of paths
   * (`[opa, opb, opc, opd]`), or fixed option texts (`{fixed: [yes, no, maybe]}`).
   */
  options: z.union([
    z.string().min(1),
    z.array(z.string().min(1)).min(2),
    z.strictObject({ fixed: z.array(z.string()).min(2) }),
  ]),
  /** Path of the gold answer. */
  answer: z.string().min(1),
  /** key: the option's key in an options object (or its letter); index0/index1: position; text: the option's text. */
  answerFormat: z.enum(['key', 'index0', 'index1', 'text']),
  /** Sample metadata name → record path (subject, category, year…). */
  metadata: z.record(z.string(), z.string()).default({}),
});
export type McqaFields = z.output<typeof McqaFields>;

interface RawOption {
  /** The key the dataset itself uses (an options object's key), when it has one. */
  sourceKey?: string;
  text: string;
}

function readOptions(record: unknown, spec: McqaFields['options'], ctx: RecordContext): RawOption[] {
  if (typeof spec === 'object' && !Array.isArray(spec)) return spec.fixed.map((text) => ({ text }));
  if (Array.isArray(spec)) return spec.map((path) => ({ text: readText(record, path, ctx, { allowEmpty: true }) }));
  const value = getPath(record, spec);
  if (Array.isArray(value)) {
    return value.map((text, i) => {
      if (typeof text !== 'string') throw recordError(ctx, `${spec}.${i}`, 'is not text');
      return { text };
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, text]) => {
      if (typeof text !== 'string') throw recordError(ctx, `${spec}.${key}`, 'is not text');
      return { sourceKey: key, text };
    });
  }
  throw recordError(ctx, spec, value === undefined ? 'is missing, expected the options' : 'is neither a list nor an object of options');
}

function answerPosition(record: unknown, fields: McqaFields, raw: RawOption[], ctx: RecordContext): number {
  const n = raw.length;
  const where = fields.answer;
  switch (fields.answerFormat) {
    case 'index0':
    case 'index1': {
      const base = fields.answerFormat === 'index0' ? 0 : 1;
      const i = readInteger(record, where, ctx) - base;
      if (i < 0 || i >= n) throw recordError(ctx, where, `is ${i + base}, expected ${base}–${n - 1 + base} (${n} options)`);
      return i;
    }
    case 'key': {
      const key = readText(record, where, ctx);
      const keyed = raw.some((o) => o.sourceKey !== undefined);
      const keys = keyed ? raw.map((o) => o.sourceKey) : [...LETTERS.slice(0, n)];
      const i = keys.indexOf(key);
      if (i < 0) throw recordError(ctx, where, `is "${key}", which is not an option key (${keys.join(', ')})`);
      return i;
    }
    case 'text': {
      const text = readText(record, where, ctx);
      const i = raw.findIndex((o) => o.text === text);
      if (i < 0) {
        throw recordError(ctx, where, ctx.redact ? 'matches no option (texts not shown: credentialed data)' : `is "${text}", which matches no option (${raw.map((o) => o.text).join(' / ')})`);
      }
      return i;
    }
  }
}

export const mcqaAdapter = defineAdapter({
  kind: 'mcqa',
  fields: McqaFields,
  columns: (f) => {
    const options = typeof f.options === 'string' ? [f.options] : Array.isArray(f.options) ? f.options : [];
    return topColumns([f.question, ...options, f.answer]);
  },
  toSample(record, fields, ctx) {
    const raw = readOptions(record, fields.options, ctx);
    if (raw.length > LETTERS.length) throw recordError(ctx, String(fields.options), `has ${raw.length} options, more than ${LETTERS.length}`);
    const options: OptionItem[] = raw.map((o, i) => ({ key: LETTERS[i], text: o.text }));
    const context = readOptionalText(record, fields.context, ctx, fields.contextJoin);
    return {
      ownId: readId(record, fields.id, ctx),
      question: readText(record, fields.question, ctx),
      ...(context !== undefined && { context }),
      options,
      answer: LETTERS[answerPosition(record, fields, raw, ctx)],
      metadata: readMetadata(record, fields.metadata, ctx),
    };
  },
});
