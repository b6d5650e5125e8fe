/**
 * Few-shot examples chosen as lm-evaluation-harness chooses them: MMLU takes the first N of
 * its dev split (sampler `first_n`); the other tasks take `random.Random(1234).sample(docs, N)`,
 * one draw per evaluated document in dataset order, from the training split or, where the task
 * has none (pubmedqa, careqa_en), from the evaluated split itself, dropping the document being
 * evaluated if it was drawn (so that one gets N-1 examples, as in lm-eval).
 */
import type { Sample } from '../../types/sample.js';
import { UserError } from '../../util/errors.js';
import { PythonRandom } from './python-random.js';
import type { LmEvalTask } from './tasks.js';

/** lm-eval's default `fewshot_random_seed`. */
const FEWSHOT_SEED = 1234;

export interface FewshotSources {
  /** The evaluated split, complete and in dataset order (draws depend on every earlier document). */
  evalDocs: readonly Sample[];
  /** The split named by the task (`dev`, `train`); absent when the task draws from `evalDocs`. */
  pool?: readonly Sample[];
}

/** Sample id → its few-shot examples, in prompt order. */
export function planFewshot(task: LmEvalTask, n: number, sources: FewshotSources): Map<string, Sample[]> {
  const plan = new Map<string, Sample[]>();
  if (n <= 0) return plan;
  if (task.fewshot.sampler === 'fixed') {
    // The task's own examples (BBH's fewshot_config.samples), first n, for every document.
    const { shots } = task.fewshot;
    if (n > shots.length) throw new UserError(`--fewshot ${n} is more than the ${shots.length} examples ${task.name} defines; lower --fewshot`);
    for (const doc of sources.evalDocs) plan.set(doc.id, shots.slice(0, n));
    return plan;
  }
  const fromEval = task.fewshot.split === null;
  const pool = fromEval ? sources.evalDocs : sources.pool;
  if (!pool) throw new Error(`few-shot pool for ${task.name} (split ${task.fewshot.split}) was not loaded`);
  const where = fromEval ? 'the evaluated split' : `split "${task.fewshot.split}"`;
  if (n > pool.length) {
    throw new UserError(`--fewshot ${n} is more than the ${pool.length} examples in ${where} that ${task.name} draws from; lower --fewshot`);
  }
  if (task.fewshot.sampler === 'first_n') {
    const shots = pool.slice(0, n);
    for (const doc of sources.evalDocs) plan.set(doc.id, shots);
    return plan;
  }
  const rnd = new PythonRandom(FEWSHOT_SEED);
  for (const doc of sources.evalDocs) {
    const drawn = rnd.sample(pool, n);
    plan.set(doc.id, fromEval ? drawn.filter((x) => x.id !== doc.id) : drawn);
  }
  return plan;
}
