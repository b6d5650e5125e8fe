/**
 * The Open LLM Leaderboard 2 tasks of lm-evaluation-harness (lm_eval/tasks/leaderboard/), keyed
 * by our benchmark ids: `bbh-<task>` (24 multiple-choice BBH tasks, 3 fixed shots, acc_norm),
 * `gpqa-{main,diamond,extended}` (0-shot, acc_norm), `musr-<domain>` (0-shot, acc_norm) and
 * `mmlu-pro` (5-shot, first_n of the validation split, acc); and `bbh-cot-<task>` (all 27 BBH
 * tasks with lm-eval's bbh_cot_fewshot prompts, generated, for lm-eval-gen). Prompts are byte for byte those of
 * the task YAMLs and utils.py; docs/general-suite.md lists the few known differences.
 */
import type { OptionItem, Sample } from '../../types/sample.js';
import { BBH_COT } from './bbh-cot-fewshot.js';
import { LEADERBOARD_BBH } from './leaderboard-bbh.js';
import { LmEvalFormatError, type LmEvalTask } from './tasks.js';

const KEYS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Option texts of a sample, refusing one whose options are not exactly `expected` (a benchmark file out of step with the task). */
function checkOptions(task: string, sample: Sample, expected: readonly string[]): void {
  const texts = (sample.options ?? []).map((o) => o.text);
  if (texts.length !== expected.length || texts.some((t, i) => t !== expected[i])) {
    throw new LmEvalFormatError(`${task} scores the choices ${expected.join(' / ')}, sample ${sample.id} has the options ${texts.join(' / ') || 'none'}`);
  }
}

/** `bbh-logical-deduction-five-objects` → `logical_deduction_five_objects`. */
const bbhName = (benchmark: string): string => benchmark.slice('bbh-'.length).replace(/-/g, '_');

const bbhTasks = new Map<string, LmEvalTask>();

function bbhTask(benchmark: string): LmEvalTask | undefined {
  const cached = bbhTasks.get(benchmark);
  if (cached) return cached;
  const def = LEADERBOARD_BBH[bbhName(benchmark)];
  if (!def) return undefined;
  const name = `leaderboard_bbh_${bbhName(benchmark)}`;
  const options: OptionItem[] = def.choices.map((text, i) => ({ key: KEYS[i], text }));
  // The YAML's fewshot samples, as samples whose gold option is their target.
  const shots: Sample[] = def.shots.map((s, i) => ({
    id: `fewshot-${i}`,
    benchmark,
    kind: 'mcqa',
    question: s.input,
    options,
    answer: options[def.choices.indexOf(s.target)].key,
    metadata: {},
  }));
  const task: LmEvalTask = {
    name,
    // _fewshot_template_yaml: no delimiter after the description (lm-eval joins it as is).
    description: def.description,
    docToText(sample) {
      checkOptions(name, sample, def.choices);
      return `Q: ${sample.question}\nA:`;
    },
    choices: def.choices,
    fewshot: { sampler: 'fixed', shots },
    numFewshot: 3,
  };
  bbhTasks.set(benchmark, task);
  return task;
}

const bbhCotTasks = new Map<string, LmEvalTask>();

/** bbh/cot_fewshot/<task>.yaml: description, then 3 shots "Q: …\nA: Let's think step by step.\n" + rationale. */
function bbhCotTask(benchmark: string): LmEvalTask | undefined {
  const task = benchmark.slice('bbh-cot-'.length).replace(/-/g, '_');
  const def = BBH_COT[task];
  if (!def) return undefined;
  const cached = bbhCotTasks.get(benchmark);
  if (cached) return cached;
  const shots: Sample[] = def.shots.map((s, i) => ({ id: `fewshot-${i}`, benchmark, kind: 'open', question: s.input, references: [s.target], metadata: {} }));
  const made: LmEvalTask = {
    name: `bbh_cot_fewshot_${task}`,
    description: def.description,
    docToText: (sample) => `Q: ${sample.question}\nA: Let's think step by step.\n`,
    choices: [],
    fewshot: { sampler: 'fixed', shots },
    numFewshot: 3,
    // _cot_fewshot_template_yaml: target_delimiter "", until ["</s>", "Q", "\n\n"], max_gen_toks 1024.
    targetDelimiter: '',
    generate: { until: ['</s>', 'Q', '\n\n'], maxTokens: 1024 },
  };
  bbhCotTasks.set(benchmark, made);
  return made;
}

const GPQA_CHOICES = ['(A)', '(B)', '(C)', '(D)'] as const;

function gpqaTask(subset: string): LmEvalTask {
  const name = `leaderboard_gpqa_${subset}`;
  return {
    name,
    description: '',
    // gpqa/_template_yaml; the question is not preprocessed, the choices are (by the gpqa adapter).
    docToText(sample) {
      const o = sample.options ?? [];
      if (o.length !== 4) throw new LmEvalFormatError(`${name} needs 4 options, sample ${sample.id} has ${o.length}`);
      return `What is the correct answer to this question:${sample.question}\nChoices:\n(A) ${o[0].text}\n(B) ${o[1].text}\n(C) ${o[2].text}\n(D) ${o[3].text}\nAnswer: `;
    },
    choices: GPQA_CHOICES,
    fewshot: { sampler: 'first_n', split: 'train' },
    numFewshot: 0,
  };
}

function musrTask(domain: string): LmEvalTask {
  return {
    name: `leaderboard_musr_${domain}`,
    description: '',
    // musr/utils.py doc_to_text: "{narrative}\n\n{question}\n\n{choices}\nAnswer:", choices "i - text\n".
    docToText(sample) {
      const choices = (sample.options ?? []).map((o, i) => `${i + 1} - ${o.text}\n`).join('');
      return `${sample.context ?? ''}\n\n${sample.question}\n\n${choices}\nAnswer:`;
    },
    choices: (sample) => (sample.options ?? []).map((o) => o.text),
    fewshot: { sampler: 'first_n', split: null },
    numFewshot: 0,
  };
}

const mmluPro: LmEvalTask = {
  name: 'leaderboard_mmlu_pro',
  description: '',
  // mmlu_pro/utils.py doc_to_text: the question as is, one "L. option\n" line per option, "Answer:".
  docToText(sample) {
    const options = sample.options ?? [];
    if (options.length < 2 || options.length > KEYS.length) {
      throw new LmEvalFormatError(`leaderboard_mmlu_pro needs 2–${KEYS.length} options, sample ${sample.id} has ${options.length}`);
    }
    return `${sample.question}\n${options.map((o, i) => `${KEYS[i]}. ${o.text}\n`).join('')}Answer:`;
  },
  choices: (sample) => (sample.options ?? []).map((_, i) => KEYS[i]),
  // mmlu_pro.yaml: fewshot_split validation, sampler first_n, num_fewshot 5 — the same five
  // validation questions before every test question, whatever its category.
  fewshot: { sampler: 'first_n', split: 'validation' },
  numFewshot: 5,
};

const GPQA = /^gpqa-(main|diamond|extended)$/;
const MUSR = /^musr-(murder-mysteries|object-placements|team-allocation)$/;

/** The leaderboard task for a benchmark id, or undefined when it is not one. */
export function leaderboardTaskFor(benchmark: string): LmEvalTask | undefined {
  if (benchmark === 'mmlu-pro') return mmluPro;
  if (benchmark.startsWith('bbh-cot-')) return bbhCotTask(benchmark);
  if (benchmark.startsWith('bbh-')) return bbhTask(benchmark);
  const g = GPQA.exec(benchmark);
  if (g) return gpqaTask(g[1]);
  const m = MUSR.exec(benchmark);
  if (m) return musrTask(m[1].replace(/-/g, '_'));
  return undefined;
}
