/**
 * IFEval rows (google/IFEval, google-research's input_data.jsonl): `key`, `prompt`,
 * `instruction_id_list` and one `kwargs` object per instruction. The prompt is sent as is; the
 * instructions travel on the sample for the ifeval scorer. Null kwargs (the Hub viewer's copy
 * lists every key of every instruction) are dropped here.
 */
import * as z from 'zod';
import { getPath, readId, readText, recordError, topColumns } from '../fields.js';
import { defineAdapter } from './adapter.js';

export const IfevalFields = z.strictObject({
  id: z.string().default('key'),
  prompt: z.string().default('prompt'),
  instructions: z.string().default('instruction_id_list'),
  kwargs: z.string().default('kwargs'),
});

export const ifevalAdapter = defineAdapter({
  kind: 'gen',
  fields: IfevalFields,
  columns: (f) => topColumns([f.prompt, f.instructions, f.kwargs]),
  toSample(record, fields, ctx) {
    const ids = getPath(record, fields.instructions);
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
      throw recordError(ctx, fields.instructions, 'is not a non-empty list of instruction ids');
    }
    const kwargs = getPath(record, fields.kwargs);
    if (!Array.isArray(kwargs) || kwargs.length !== ids.length || kwargs.some((k) => typeof k !== 'object' || k === null || Array.isArray(k))) {
      throw recordError(ctx, fields.kwargs, `is not a list of ${ids.length} objects (one per instruction)`);
    }
    const instructions = (ids as string[]).map((id, i) => ({
      id,
      kwargs: Object.fromEntries(Object.entries(kwargs[i] as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined)),
    }));
    return {
      ownId: readId(record, fields.id, ctx),
      question: readText(record, fields.prompt, ctx),
      instructions,
      // `instructions` weighs each prompt in the instruction-level accuracy (results/aggregate.ts).
      metadata: { instruction_ids: (ids as string[]).join(','), instructions: ids.length },
    };
  },
});
