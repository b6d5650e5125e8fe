/**
 * Relation extraction (BioRED): a document in, its gold (entity pair, relation type) triples out.
 * The record holds the relations as parallel lists (entity 1, entity 2, type); entities may be
 * concept ids, named through a second pair of parallel lists (annotation groundings → mention
 * texts; the first mention names the concept). The reference is written in the answer format the
 * prompt asks for — one `entity 1 | entity 2 | type` per line, `none` when there is no relation —
 * so ROUGE and the triple scorer (scorers/relations/) read the same text.
 */
import * as z from 'zod';
import { FieldRef, getPath, readId, readMetadata, readText, recordError, topColumns, type RecordContext } from '../fields.js';
import { defineAdapter } from './adapter.js';

export const RelationFields = z.strictObject({
  id: z.string().optional(),
  /** The document (title and abstract); becomes the sample's `question`. */
  input: FieldRef,
  /** Paths of three parallel lists: first entity, second entity, relation type. */
  relations: z.strictObject({ entity1: z.string().min(1), entity2: z.string().min(1), type: z.string().min(1) }),
  /** Paths of two parallel lists naming concept ids: the id of each mention and its text. */
  names: z.strictObject({ ids: z.string().min(1), texts: z.string().min(1) }).optional(),
  metadata: z.record(z.string(), z.string()).default({}),
});
export type RelationFields = z.output<typeof RelationFields>;

function readTextList(record: unknown, path: string, ctx: RecordContext): string[] {
  const value = getPath(record, path);
  if (!Array.isArray(value)) throw recordError(ctx, path, value === undefined ? 'is missing, expected a list' : 'is not a list');
  return value.map((v, i) => {
    if (typeof v !== 'string') throw recordError(ctx, `${path}.${i}`, 'is not text');
    return v;
  });
}

/** A name safe inside the `a | b | type` format. */
const cell = (text: string) => text.replace(/[|\r\n]+/g, ' ').trim();

export const relationAdapter = defineAdapter({
  kind: 'open',
  fields: RelationFields,
  columns: (f) =>
    topColumns([f.input, f.relations.entity1, f.relations.entity2, f.relations.type, f.names?.ids, f.names?.texts]),
  toSample(record, fields, ctx) {
    const r = fields.relations;
    const e1 = readTextList(record, r.entity1, ctx);
    const e2 = readTextList(record, r.entity2, ctx);
    const types = readTextList(record, r.type, ctx);
    if (e2.length !== e1.length || types.length !== e1.length) {
      throw recordError(ctx, r.type, `has ${types.length} items but ${r.entity1} has ${e1.length} and ${r.entity2} ${e2.length}; the three lists must be parallel`);
    }
    const nameOf = new Map<string, string>();
    if (fields.names) {
      const ids = readTextList(record, fields.names.ids, ctx);
      const texts = readTextList(record, fields.names.texts, ctx);
      if (texts.length !== ids.length) throw recordError(ctx, fields.names.texts, `has ${texts.length} items but ${fields.names.ids} has ${ids.length}; the lists must be parallel`);
      ids.forEach((id, i) => {
        if (!nameOf.has(id)) nameOf.set(id, texts[i]);
      });
    }
    const name = (id: string) => cell(nameOf.get(id) ?? id);
    const lines = [...new Set(e1.map((a, i) => `${name(a)} | ${name(e2[i])} | ${cell(types[i])}`))];
    return {
      ownId: readId(record, fields.id, ctx),
      question: readText(record, fields.input, ctx),
      references: [lines.length > 0 ? lines.join('\n') : 'none'],
      // Read by aggregation: an errored sample's gold relations count as missed (results/aggregate.ts).
      metadata: { ...readMetadata(record, fields.metadata, ctx), gold_relations: lines.length },
    };
  },
});
