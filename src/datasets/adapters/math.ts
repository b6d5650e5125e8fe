/**
 * MATH rows (DigitalLearningGmbH/MATH-lighteval, the source of lm-eval's leaderboard_math_hard):
 * `problem`, `level`, `solution`, `type`. Only rows whose level is `level` (default "Level 5")
 * belong to the benchmark; the others are skipped, keeping their row numbers in sample ids.
 * The gold answer is the last \boxed{} of the solution, as lm-eval's process_docs takes it.
 * The solution itself is not kept: as `context` every strategy (and the lexical baseline, which
 * copies the context) would show the model the answer.
 */
import * as z from 'zod';
import { readMetadata, readText, topColumns } from '../fields.js';
import { defineAdapter } from './adapter.js';
import { goldAnswer } from '../../util/latex-boxed.js';

export const MathFields = z.strictObject({
  problem: z.string().default('problem'),
  solution: z.string().default('solution'),
  level: z.string().default('level'),
  keepLevel: z.string().default('Level 5'),
  metadata: z.record(z.string(), z.string()).default({ subject: 'type', level: 'level' }),
});

export const mathAdapter = defineAdapter({
  kind: 'gen',
  fields: MathFields,
  columns: (f) => topColumns([f.problem, f.solution, f.level]),
  toSample(record, fields, ctx) {
    if (readText(record, fields.level, ctx) !== fields.keepLevel) return null;
    const solution = readText(record, fields.solution, ctx);
    return {
      question: readText(record, fields.problem, ctx),
      references: [goldAnswer(solution)],
      metadata: readMetadata(record, fields.metadata, ctx),
    };
  },
});
