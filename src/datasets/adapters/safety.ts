/**
 * Safety prompt sets (MedSafetyBench, XSTest, aloe-risks): the request becomes `question`, and
 * `metadata.label` says whether the model should answer it (`safe`) or decline it (`unsafe`).
 * The label is a column (XSTest `label`) or a constant for the whole benchmark
 * (`{const: unsafe}`: every MedSafetyBench request is harmful). Categories come from a column
 * or from each file's `metadata` (MedSafetyBench: one file per AMA principle).
 */
import * as z from 'zod';
import { FieldRef, readId, readMetadata, readText, recordError, topColumns } from '../fields.js';
import { defineAdapter } from './adapter.js';

export const SafetyFields = z.strictObject({
  id: z.string().optional(),
  prompt: FieldRef,
  /** safe | unsafe (case-insensitive), from a column or `{const: unsafe}`. */
  label: FieldRef,
  metadata: z.record(z.string(), z.string()).default({}),
});
export type SafetyFields = z.output<typeof SafetyFields>;

export const safetyAdapter = defineAdapter({
  kind: 'safety',
  fields: SafetyFields,
  columns: (f) => topColumns([f.prompt, f.label]),
  toSample(record, fields, ctx) {
    const label = readText(record, fields.label, ctx).trim().toLowerCase();
    if (label !== 'safe' && label !== 'unsafe') {
      throw recordError(ctx, typeof fields.label === 'string' ? fields.label : 'label', `is "${label}", expected safe or unsafe`);
    }
    return {
      ownId: readId(record, fields.id, ctx),
      question: readText(record, fields.prompt, ctx),
      metadata: { ...readMetadata(record, fields.metadata, ctx), label },
    };
  },
});
