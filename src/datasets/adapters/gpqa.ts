/**
 * GPQA (Idavidrein/gpqa CSV rows): the four answers cleaned as lm-eval's gpqa/utils.py
 * `preprocess` does, then put in an order fixed per record. lm-eval shuffles them with Python's
 * unseeded-per-task global `random` (its order depends on what ran before), which no other
 * program can reproduce; here the order is a permutation drawn from sha256 of the record id, the
 * same on every machine and run.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { readId, readMetadata, readOptionalText, readText, topColumns, type RecordContext } from '../fields.js';
import { defineAdapter } from './adapter.js';

const KEYS = 'ABCD';
/** What Python's `str.strip()` strips (`str.isspace()`), unlike JS `trim()`. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

export const GpqaFields = z.strictObject({
  id: z.string().default('Record ID'),
  question: z.string().default('Question'),
  correct: z.string().default('Correct Answer'),
  incorrect: z.array(z.string()).length(3).default(['Incorrect Answer 1', 'Incorrect Answer 2', 'Incorrect Answer 3']),
  metadata: z.record(z.string(), z.string()).default({}),
});

/** lm-eval's `preprocess`: strip, " [title]" → ". ", drop "[…]", "  " → " " (one pass, as Python's replace). */
export function gpqaPreprocess(text: string | undefined): string {
  if (text === undefined || text === '') return ' '; // a None cell (CSV: empty)
  let t = text.replace(PY_STRIP, '');
  t = t.split(' [title]').join('. ');
  t = t.replace(/\[.*?\]/g, '');
  return t.split('  ').join(' ');
}

/** A permutation of 0..n-1 from a seed text (Fisher–Yates over sha256 bytes). */
function permutation(seed: string, n: number): number[] {
  const bytes = createHash('sha256').update(seed).digest();
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = bytes[i] % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function answers(record: Record<string, unknown>, fields: z.output<typeof GpqaFields>, ctx: RecordContext): string[] {
  const raw = [...fields.incorrect, fields.correct].map((f) => readOptionalText(record, f, ctx));
  if (raw[3] === undefined) readText(record, fields.correct, ctx); // throws naming the field
  return raw.map(gpqaPreprocess);
}

export const gpqaAdapter = defineAdapter({
  kind: 'mcqa',
  fields: GpqaFields,
  columns: (f) => topColumns([f.question, f.correct, ...f.incorrect]),
  toSample(record, fields, ctx) {
    const ownId = readId(record, fields.id, ctx);
    const texts = answers(record, fields, ctx);
    const order = permutation(ownId ?? `${ctx.file}#${ctx.row}`, 4);
    const options = order.map((from, k) => ({ key: KEYS[k], text: texts[from] }));
    // lm-eval: choices.index(preprocess(correct)) — the first option with the correct text.
    const gold = options.findIndex((o) => o.text === texts[3]);
    return {
      ownId,
      question: readText(record, fields.question, ctx),
      options,
      answer: KEYS[gold],
      metadata: readMetadata(record, fields.metadata, ctx),
    };
  },
});
