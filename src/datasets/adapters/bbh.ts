/**
 * BIG-Bench Hard records (`{input, target}`) as multiple choice over the task's fixed choices
 * (lm-eval's `doc_to_choice`, listed in the benchmark file). A handful of real BBH targets are
 * not among the choices (movie_recommendation has one, ruin_names two): lm-eval keeps those
 * documents and scores them wrong (gold index -100), so the sample keeps no `answer` — no
 * prediction can match it — and its `target` stays in metadata.
 */
import * as z from 'zod';
import { FieldRef, readMetadata, readText, topColumns } from '../fields.js';
import { defineAdapter } from './adapter.js';

const KEYS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const BbhFields = z.strictObject({
  input: FieldRef.default('input'),
  target: z.string().min(1).default('target'),
  /** The task's choices, in lm-eval's order. */
  choices: z.array(z.string().min(1)).min(2).max(KEYS.length),
  metadata: z.record(z.string(), z.string()).default({}),
});

export const bbhAdapter = defineAdapter({
  kind: 'mcqa',
  fields: BbhFields,
  columns: (f) => topColumns([f.input, f.target]),
  toSample(record, fields, ctx) {
    const target = readText(record, fields.target, ctx);
    const i = fields.choices.indexOf(target);
    return {
      question: readText(record, fields.input, ctx),
      options: fields.choices.map((text, k) => ({ key: KEYS[k], text })),
      ...(i >= 0 && { answer: KEYS[i] }),
      metadata: { ...readMetadata(record, fields.metadata, ctx), target },
    };
  },
});
