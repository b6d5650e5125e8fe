/**
 * lm-evaluation-harness prompts, byte for byte: `description + shots + doc_to_text(doc)`,
 * each shot `doc_to_text(ex) + target_delimiter + choices[gold] + fewshot_delimiter`
 * (lm_eval/api/samplers.py ContextSampler.get_context), each choice scored as
 * `target_delimiter + choice` after the context (Task.construct_requests).
 */
import type { Sample } from '../../types/sample.js';
import { choicesFor, LmEvalFormatError, lmEvalTaskFor, type LmEvalTask } from './tasks.js';

/** lm-eval's defaults, unchanged by every task here. */
const TARGET_DELIMITER = ' ';
const FEWSHOT_DELIMITER = '\n\n';

export interface LmEvalPrompt {
  /** Everything before the answer: description, few-shot examples, the question ending in "Answer:". */
  context: string;
  /** lm-eval's choices (`A`…`D`, or `yes`/`no`/`maybe`), in option order; none for a generation task. */
  choices: string[];
  /** What is scored after the context: `" " + choice`. */
  continuations: string[];
}

/** Index of the gold option, for a few-shot example's target. */
function goldIndex(sample: Sample): number {
  const i = (sample.options ?? []).findIndex((o) => o.key === sample.answer);
  if (i < 0) throw new LmEvalFormatError(`few-shot example ${sample.id} has no gold answer among its options`);
  return i;
}

/** A few-shot example's target: its gold choice, or (generation tasks) its reference text. */
function shotTarget(task: LmEvalTask, example: Sample): string {
  if (!task.generate) return choicesFor(task, example)[goldIndex(example)];
  const target = example.references?.[0];
  if (target === undefined) throw new LmEvalFormatError(`few-shot example ${example.id} has no reference text`);
  return target;
}

/** One labelled example as lm-eval writes it into the context (delimiter after it included). */
function renderShot(task: LmEvalTask, example: Sample): string {
  return task.docToText(example) + (task.targetDelimiter ?? TARGET_DELIMITER) + shotTarget(task, example) + FEWSHOT_DELIMITER;
}

/**
 * The prompt lm-eval builds for `sample` with `fewshot` examples (already chosen, in order).
 *
 * @example
 * lmEvalPrompt(sample) // { context: "Question: …\nA. …\nD. …\nAnswer:", choices: ['A','B','C','D'], continuations: [' A',' B',' C',' D'] }
 */
export function lmEvalPrompt(sample: Sample, fewshot: readonly Sample[] = []): LmEvalPrompt {
  const task = lmEvalTaskFor(sample.benchmark);
  const context = task.description + fewshot.map((ex) => renderShot(task, ex)).join('') + task.docToText(sample);
  const choices = task.generate ? [] : [...choicesFor(task, sample)];
  const delimiter = task.targetDelimiter ?? TARGET_DELIMITER;
  return { context, choices, continuations: choices.map((c) => delimiter + c) };
}
