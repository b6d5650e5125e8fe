/**
 * The lm-evaluation-harness tasks this harness reproduces, keyed by our benchmark ids. Each
 * entry carries what lm-eval's task YAML and utils say: `doc_to_text`, `doc_to_choice`, the
 * description line, and where few-shot examples come from. Facts are from lm-eval's
 * lm_eval/tasks/{medqa,medmcqa,pubmedqa,mmlu/default,careqa}; see docs/lm-eval.md.
 */
import type { Sample } from '../../types/sample.js';
import { UserError } from '../../util/errors.js';
import { leaderboardTaskFor } from './leaderboard-tasks.js';

const LETTERS = ['A', 'B', 'C', 'D'] as const;

export interface LmEvalTask {
  /** lm-eval's task name, e.g. `mmlu_clinical_knowledge`. */
  name: string;
  /** Text placed before everything else (MMLU's description line), '' when the task has none. */
  description: string;
  /** lm-eval's `doc_to_text` for one sample. */
  docToText(sample: Sample): string;
  /**
   * lm-eval's `doc_to_choice`: what is scored after the target delimiter, in option order; a
   * function where it depends on the document (MuSR's own choices, MMLU-Pro's option count).
   */
  choices: readonly string[] | ((sample: Sample) => readonly string[]);
  /**
   * Where lm-eval draws few-shot examples: `first_n` of a split (MMLU's dev) or a
   * `random.Random(1234).sample` from a split (`split: null` means the evaluated split itself),
   * or `fixed` examples written into the task's YAML (`fewshot_config.samples`, BBH).
   */
  fewshot: { sampler: 'first_n' | 'random'; split: string | null } | { sampler: 'fixed'; shots: readonly Sample[] };
  /** The task's `num_fewshot`, used when `--fewshot` is not given (0 when absent). */
  numFewshot?: number;
  /**
   * A `generate_until` task (BBH chain of thought): the answer is generated after the context
   * (greedy, stopping at `until`), few-shot targets are the examples' references, `choices` is
   * empty, and the benchmark's scorer reads the text.
   */
  generate?: { until: readonly string[]; maxTokens: number };
  /** lm-eval's `target_delimiter` between a shot's text and its target (default " "). */
  targetDelimiter?: string;
}

/** The task's choices for one sample. */
export function choicesFor(task: LmEvalTask, sample: Sample): readonly string[] {
  return typeof task.choices === 'function' ? task.choices(sample) : task.choices;
}

/** Python's `str.strip()` (no arguments): strips what `str.isspace()` calls whitespace, unlike JS `trim()`. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const PY_RSTRIP = new RegExp(`[${PY_SPACE}]+$`);
export const pyStrip = (s: string): string => s.replace(PY_STRIP, '');
export const pyRstrip = (s: string): string => s.replace(PY_RSTRIP, '');

/** `A. …\nB. …\nC. …\nD. …`: the option lines of lm-eval's letter tasks, which need exactly four options. */
function optionLines(sample: Sample, task: string): string {
  const options = sample.options ?? [];
  if (options.length !== 4) {
    throw new LmEvalFormatError(`${task} needs 4 options, sample ${sample.id} has ${options.length}`);
  }
  return options.map((o, i) => `${LETTERS[i]}. ${o.text}`).join('\n');
}

const medqa: LmEvalTask = {
  name: 'medqa_4options',
  description: '',
  // preprocess_medqa.doc_to_text: no "Choices:" line.
  docToText: (sample) => `Question: ${sample.question}\n${optionLines(sample, 'medqa_4options')}\nAnswer:`,
  choices: LETTERS,
  fewshot: { sampler: 'random', split: 'train' },
};

/** `Question: …\nChoices:\nA. …\n…D. …\nAnswer:` (utils_medmcqa.doc_to_text; careqa's utils is the same). */
function questionChoicesTask(name: string, fewshotSplit: string | null): LmEvalTask {
  return {
    name,
    description: '',
    docToText: (sample) => `Question: ${sample.question}\nChoices:\n${optionLines(sample, name)}\nAnswer:`,
    choices: LETTERS,
    fewshot: { sampler: 'random', split: fewshotSplit },
  };
}

const medmcqa = questionChoicesTask('medmcqa', 'train');
// careqa_en.yaml has only a test split: lm-eval falls back to drawing from it.
const careqa = questionChoicesTask('careqa_en', null);

const PUBMEDQA_CHOICES = ['yes', 'no', 'maybe'] as const;

const pubmedqa: LmEvalTask = {
  name: 'pubmedqa',
  description: '',
  // preprocess_pubmedqa.doc_to_text; the adapter joins CONTEXTS with "\n" into `context`.
  docToText(sample) {
    const texts = (sample.options ?? []).map((o) => o.text);
    if (texts.join('/') !== PUBMEDQA_CHOICES.join('/')) {
      throw new LmEvalFormatError(`pubmedqa needs the options yes/no/maybe in that order, sample ${sample.id} has ${texts.join('/') || 'none'}`);
    }
    return `Abstract: ${sample.context ?? ''}\nQuestion: ${sample.question}\nAnswer:`;
  },
  choices: PUBMEDQA_CHOICES,
  // pubmedqa.yaml has neither training nor validation split: lm-eval draws from the test docs.
  fewshot: { sampler: 'random', split: null },
};

function mmlu(subject: string): LmEvalTask {
  const name = `mmlu_${subject}`;
  return {
    name,
    // _generate_configs.py: subject with "_" → " ".
    description: `The following are multiple choice questions (with answers) about ${subject.split('_').join(' ')}.\n\n`,
    // _default_template_yaml: "{{question.strip()}}\nA. {{choices[0]}}\n…\nAnswer:"
    docToText: (sample) => `${pyStrip(sample.question)}\n${optionLines(sample, name)}\nAnswer:`,
    choices: LETTERS,
    fewshot: { sampler: 'first_n', split: 'dev' },
  };
}

/** A sample that does not fit its lm-eval template (wrong option count, missing options). */
export class LmEvalFormatError extends Error {
  readonly kind = 'bad-sample';
}

const SUPPORTED = 'medqa, medmcqa, pubmedqa, careqa (careqa-en), mmlu-<subject>, and the leaderboard tasks bbh-<task>, gpqa-<subset>, musr-<domain>, mmlu-pro';

/**
 * The lm-eval task for a benchmark id: `medqa`, `medmcqa`, `pubmedqa`, `careqa`/`careqa-en`,
 * `mmlu-<subject>` (`mmlu-clinical-knowledge` → `mmlu_clinical_knowledge`).
 */
export function lmEvalTaskFor(benchmark: string): LmEvalTask {
  const leaderboard = leaderboardTaskFor(benchmark);
  if (leaderboard) return leaderboard;
  if (/^medqa(-4-?opt(ions)?)?$/.test(benchmark)) return medqa;
  if (benchmark === 'medmcqa') return medmcqa;
  if (benchmark === 'pubmedqa') return pubmedqa;
  if (benchmark === 'careqa' || benchmark === 'careqa-en') return careqa;
  const m = /^mmlu-([a-z0-9_-]+)$/.exec(benchmark);
  if (m) return mmlu(m[1].replace(/-/g, '_'));
  throw new UserError(`benchmark "${benchmark}" has no lm-evaluation-harness template (supported: ${SUPPORTED}); use another --strategy for it`);
}
