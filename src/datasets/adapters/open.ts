/**
 * Open-ended generation, driven by a field mapping: the input text becomes `question`, the
 * reference text(s) `references`. Covers ACI-BENCH and MTS-Dialog (dialogue → note / section),
 * MedText, MEDIQA-QA (nested: `QUESTION.AnswerList.0.Answer.AnswerText`), MedDialog Qsumm,
 * CareQA-Open and MedLFQA.
 */
import * as z from 'zod';
import { FieldRef, getPath, readId, readMetadata, readOptionalText, readText, recordError, topColumns } from '../fields.js';
import { defineAdapter } from './adapter.js';

export const OpenFields = z.strictObject({
  id: z.string().optional(),
  /** The model's input (a dialogue, a question, a prompt); becomes the sample's `question`. */
  input: FieldRef,
  context: FieldRef.optional(),
  contextJoin: z.string().default('\n'),
  /** Path of the reference text, or of a list of reference texts. */
  reference: z.string().min(1),
  metadata: z.record(z.string(), z.string()).default({}),
});
export type OpenFields = z.output<typeof OpenFields>;

export const openAdapter = defineAdapter({
  kind: 'open',
  fields: OpenFields,
  columns: (f) => topColumns([f.input, f.reference]),
  toSample(record, fields, ctx) {
    const value = getPath(record, fields.reference);
    // An empty reference is kept, not an error: published sets contain a few (MedLFQA live_qa has
    // one); ROUGE scores it 0 for every model, and the loader logs how many there are.
    const references = Array.isArray(value)
      ? value.map((_, i) => readText(record, `${fields.reference}.${i}`, ctx, { allowEmpty: true }))
      : [readText(record, fields.reference, ctx, { allowEmpty: true })];
    if (references.length === 0) throw recordError(ctx, fields.reference, 'is an empty list, expected reference text');
    const context = readOptionalText(record, fields.context, ctx, fields.contextJoin);
    return {
      ownId: readId(record, fields.id, ctx),
      question: readText(record, fields.input, ctx),
      ...(context !== undefined && { context }),
      references,
      metadata: readMetadata(record, fields.metadata, ctx),
    };
  },
});
