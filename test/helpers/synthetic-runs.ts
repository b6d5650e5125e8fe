/**
 * Writes synthetic result directories (run.json + samples.jsonl) in the real result-file format, for
 * tests and benches of anything that reads results (report, compare, history). Deterministic for a seed.
 *
 * @example
 * const dirs = writeSyntheticRuns({
 *   dir: tmp,
 *   benchmarks: [{ name: 'medqa', kind: 'mcqa', n: 50, suite: 'mcqa', groupField: 'subject' }],
 *   runs: [{ model: 'aloe-8b', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z', skill: 0.6 }],
 * });
 */
import { mkdirSync, mkdtempSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rngFor, shuffled, type Rng } from '../../src/util/rng.js';
import type { ChatMessage } from '../../src/types/endpoint.js';
import type { Attempt } from '../../src/types/prediction.js';
import {
  RUN_SCHEMA,
  type BenchmarkResult,
  type CallUsage,
  type GroupResult,
  type RunFile,
  type RunStatus,
  type SampleRecord,
} from '../../src/types/results.js';

export interface SyntheticBenchmark {
  name: string;
  kind: 'mcqa' | 'open';
  n: number;
  /** Headline metric name; "accuracy" (mcqa) or "rouge1" (open) by default. */
  metric?: string;
  /** Suite the benchmark belongs to (run.json `suites`). */
  suite?: string;
  /** Metadata field to break results down by, e.g. "subject"; its values come from `groups`. */
  groupField?: string;
  groups?: string[];
  /** 0 (easy) … 1 (hard): lowers every model's skill on this benchmark. */
  difficulty?: number;
}

export interface SyntheticRun {
  model: string;
  strategy: string;
  /** ISO date; runs of one (model, strategy) are ordered by it. */
  startedAt: string;
  /** Probability of a correct answer (mcqa) / mean score (open) before difficulty. Default 0.6. */
  skill?: number;
  /** Attempts per sample with shuffled option orders and a plurality vote (choice-shuffle ensemble). */
  ensemble?: number;
  /** Few-shot user/assistant pairs shared by every prompt (like Medprompt's examples, but fixed). */
  fewShot?: number;
  unparsedRate?: number;
  errorRate?: number;
  /** Names of the benchmarks this run covers (all by default). */
  benchmarks?: string[];
  status?: RunStatus;
  runId?: string;
  limit?: number;
  /** Strategy options recorded in run.json. */
  strategyOptions?: Record<string, unknown>;
}

export interface SyntheticOptions {
  /** Parent folder; each run gets `<dir>/<runId>/`. */
  dir: string;
  benchmarks: SyntheticBenchmark[];
  runs: SyntheticRun[];
  seed?: number;
  systemPrompt?: string;
  /** Edits each sample record before it is written (inject payloads, odd values…). Results are computed after it. */
  mutateSample?: (record: SampleRecord, run: SyntheticRun, index: number) => void;
  /** Edits run.json before it is written. */
  mutateRun?: (run: RunFile) => void;
}

const SYSTEM =
  'You are an expert medical assistant named Aloe, developed by the High Performance Artificial Intelligence Group at Barcelona Supercomputing Center(BSC). You are to be a helpful, respectful, and honest assistant.';
const AGES = ['24', '37', '45', '52', '61', '68', '73', '81'];
const SEXES = ['man', 'woman', 'boy', 'girl'];
const SIGNS = ['fever and productive cough', 'crushing chest pain', 'progressive dyspnea', 'jaundice and pruritus', 'polyuria and polydipsia', 'a painless neck mass', 'sudden vision loss', 'recurrent syncope', 'joint swelling', 'a pruritic rash'];
const FINDINGS = ['an elevated troponin', 'bilateral infiltrates', 'a low serum sodium', 'a raised ALP', 'a positive ANA', 'hypokalaemia', 'microcytic anaemia', 'a prolonged QT interval'];
const TERMS = ['Amiodarone', 'Metformin', 'Sarcoidosis', 'Graves disease', 'Tuberculosis', 'Pheochromocytoma', 'Lithium toxicity', 'Aortic dissection', 'Pulmonary embolism', 'Addison disease', 'Wilson disease', 'Hemochromatosis'];
const KEYS = ['A', 'B', 'C', 'D'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function tokens(text: string): number {
  return Math.max(1, Math.round(text.length / 4));
}

function userMessage(question: string, shown: { key: string; text: string }[]): string {
  return `${question}\n${shown.map((o) => `${o.key}. ${o.text}`).join('\n')}\nAnswer with the letter of the correct option.`;
}

function fewShotTurns(count: number): ChatMessage[] {
  const turns: ChatMessage[] = [];
  for (let i = 0; i < count; i++) {
    turns.push({ role: 'user', content: `Example ${i + 1}: A ${AGES[i % AGES.length]}-year-old ${SEXES[i % 4]} presents with ${SIGNS[i % SIGNS.length]}. What is the next best step?\nA. Observe\nB. Imaging\nC. Biopsy\nD. Surgery` });
    turns.push({ role: 'assistant', content: `Let's think step by step. The presentation suggests a workup is needed before treatment. Answer: ${KEYS[(i + 1) % 4]}` });
  }
  return turns;
}

interface Question {
  id: string;
  question: string;
  options: { key: string; text: string }[];
  gold: string;
  reference: string;
  group?: string;
  context?: string;
}

function makeQuestion(bench: SyntheticBenchmark, i: number, seed: number): Question {
  const rng = rngFor(seed, 'question', bench.name, i);
  const age = pick(rng, AGES);
  const sign = pick(rng, SIGNS);
  const finding = pick(rng, FINDINGS);
  const question = `A ${age}-year-old ${pick(rng, SEXES)} presents with ${sign}. Examination and laboratory studies show ${finding}. Which of the following is the most likely diagnosis? (${bench.name} item ${i})`;
  const texts = shuffled(TERMS, rng).slice(0, 4);
  const group = bench.groups && bench.groups.length > 0 ? bench.groups[i % bench.groups.length] : undefined;
  return {
    id: `${bench.name}-${String(i).padStart(5, '0')}`,
    question: bench.kind === 'open' ? `Summarise the clinical encounter: patient with ${sign} and ${finding}. (${bench.name} item ${i})` : question,
    options: texts.map((text, k) => ({ key: KEYS[k], text })),
    gold: pick(rng, KEYS),
    reference: `Patient presents with ${sign}. Work-up showed ${finding}. Plan: follow-up in clinic, review results, and adjust treatment as needed.`,
    group,
    context: bench.kind === 'open' ? `Doctor: What brings you in today?\nPatient: I have had ${sign} for a week.\nDoctor: Your labs show ${finding}.` : undefined,
  };
}

function emptyUsage(): CallUsage {
  return { calls: 0, promptTokens: 0, completionTokens: 0 };
}

function sampleFor(bench: SyntheticBenchmark, q: Question, run: SyntheticRun, seed: number, system: string): SampleRecord {
  const rng = rngFor(seed, 'answer', run.model, run.strategy, run.startedAt, bench.name, q.id);
  const skill = Math.max(0.02, Math.min(0.98, (run.skill ?? 0.6) - (bench.difficulty ?? 0) * 0.3 + (q.group ? (q.group.length % 5) * 0.02 - 0.04 : 0)));
  const usage = emptyUsage();
  const metadata: SampleRecord['metadata'] = q.group && bench.groupField ? { [bench.groupField]: q.group } : {};
  const base = {
    benchmark: bench.name,
    id: q.id,
    kind: bench.kind,
    strategy: run.strategy,
    question: q.question,
    metadata,
    latencyMs: Math.round(200 + rng() * 800),
  };
  const fewShot = fewShotTurns(run.fewShot ?? 0);
  if (rng() < (run.errorRate ?? 0)) {
    return { ...base, ...(bench.kind === 'mcqa' ? { options: q.options, gold: q.gold, answer: null, correct: false } : { context: q.context, references: [q.reference], text: '' }), score: 0, attempts: [], usage, error: { kind: 'timeout', message: 'request timed out after 3 retries (120 s)' } };
  }
  if (bench.kind === 'open') {
    const score = Math.max(0, Math.min(1, skill * 0.6 + (rng() - 0.5) * 0.3));
    const text = `Patient reports ${q.reference.split(' ').slice(2, 4 + Math.floor(score * 10)).join(' ')}. Plan: review.`;
    const messages: ChatMessage[] = [{ role: 'system', content: system }, ...fewShot, { role: 'user', content: `${q.context}\n\n${q.question}` }];
    const u = { promptTokens: tokens(messages.map((m) => m.content).join('')), completionTokens: tokens(text) };
    usage.calls = 1;
    usage.promptTokens = u.promptTokens;
    usage.completionTokens = u.completionTokens;
    return { ...base, context: q.context, references: [q.reference], text, score, scores: { rouge2: score * 0.5, rougeL: score * 0.8 }, attempts: [{ messages, raw: text, extracted: null, finishReason: 'stop', usage: u, latencyMs: base.latencyMs }], usage };
  }
  const attemptsCount = Math.max(1, run.ensemble ?? 1);
  const attempts: Attempt[] = [];
  const votes: Record<string, number> = {};
  for (let a = 0; a < attemptsCount; a++) {
    const order = attemptsCount > 1 ? shuffled(KEYS, rng) : KEYS.slice();
    const shown = order.map((orig, pos) => ({ key: KEYS[pos], text: q.options[KEYS.indexOf(orig)].text }));
    const messages: ChatMessage[] = [{ role: 'system', content: system }, ...fewShot, { role: 'user', content: userMessage(q.question, shown) }];
    let extracted: string | null;
    let raw: string;
    if (rng() < (run.unparsedRate ?? 0)) {
      extracted = null;
      raw = 'I am not able to choose a single option without more information about the patient.';
    } else {
      extracted = rng() < skill ? q.gold : pick(rng, KEYS.filter((k) => k !== q.gold));
      const shownLetter = KEYS[order.indexOf(extracted)];
      raw = `The findings point to ${q.options[KEYS.indexOf(extracted)].text}. Answer: ${shownLetter}`;
      votes[extracted] = (votes[extracted] ?? 0) + 1;
    }
    const u = { promptTokens: tokens(messages.map((m) => m.content).join('')), completionTokens: tokens(raw) };
    usage.calls += 1;
    usage.promptTokens += u.promptTokens;
    usage.completionTokens += u.completionTokens;
    attempts.push({ messages, ...(attemptsCount > 1 ? { permutation: order } : {}), raw, extracted, finishReason: 'stop', usage: u, latencyMs: Math.round(base.latencyMs / attemptsCount) });
  }
  // Plurality vote; ties go to the alphabetically first key (deterministic).
  const ranked = Object.entries(votes).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const answer = ranked.length > 0 ? ranked[0][0] : null;
  const correct = answer === q.gold;
  return {
    ...base,
    options: q.options,
    gold: q.gold,
    answer,
    correct,
    ...(answer === null ? { unparsed: true } : {}),
    score: correct ? 1 : 0,
    attempts,
    ...(attemptsCount > 1 ? { votes } : {}),
    usage,
  };
}

function interval(values: number[]): { value: number; stderr: number; ci95: [number, number] } {
  const n = values.length;
  const value = n ? values.reduce((a, b) => a + b, 0) / n : 0;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - value) ** 2, 0) / (n - 1) : 0;
  const stderr = n > 1 ? Math.sqrt(variance / n) : 0;
  return { value, stderr, ci95: [Math.max(0, value - 1.96 * stderr), Math.min(1, value + 1.96 * stderr)] };
}

/** The key order the runner writes (src/runner/sample-record.ts): status keys come after the attempts. */
const RUNNER_ORDER = ['benchmark', 'id', 'kind', 'strategy', 'question', 'context', 'options', 'metadata', 'score', 'attempts', 'usage', 'latencyMs', 'gold', 'answer', 'correct', 'unparsed', 'references', 'text', 'scores', 'votes', 'details', 'error'];

function inRunnerOrder(record: SampleRecord): SampleRecord {
  const source = record as unknown as Record<string, unknown>;
  const keys = [...RUNNER_ORDER.filter((k) => k in source), ...Object.keys(source).filter((k) => !RUNNER_ORDER.includes(k))];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  if (record.kind === 'mcqa' && out.unparsed === undefined) out.unparsed = false;
  return out as unknown as SampleRecord;
}

/** Aggregates records the way the runner does (normal-approximation interval: fast enough for big benches). */
export function resultFor(bench: SyntheticBenchmark, records: SampleRecord[]): BenchmarkResult {
  const usage = emptyUsage();
  const errorKinds: Record<string, number> = {};
  for (const r of records) {
    usage.calls += r.usage.calls;
    usage.promptTokens += r.usage.promptTokens;
    usage.completionTokens += r.usage.completionTokens;
    if (r.error) errorKinds[r.error.kind] = (errorKinds[r.error.kind] ?? 0) + 1;
  }
  const head = interval(records.map((r) => r.score));
  const result: BenchmarkResult = {
    metric: bench.metric ?? (bench.kind === 'mcqa' ? 'accuracy' : 'rouge1'),
    value: head.value,
    n: records.length,
    unparsed: records.filter((r) => r.unparsed).length,
    errors: records.filter((r) => r.error).length,
    stderr: head.stderr,
    ci95: head.ci95,
    usage,
  };
  if (Object.keys(errorKinds).length > 0) result.errorKinds = errorKinds;
  const metricNames = [...new Set(records.flatMap((r) => Object.keys(r.scores ?? {})))];
  if (metricNames.length > 0) {
    result.metrics = Object.fromEntries(metricNames.map((m) => {
      const { value, ci95 } = interval(records.map((r) => r.scores?.[m] ?? 0));
      return [m, { value, ci95 }];
    }));
  }
  if (bench.groupField) {
    const byGroup = new Map<string, number[]>();
    for (const r of records) {
      const g = String(r.metadata[bench.groupField] ?? 'unknown');
      if (!byGroup.has(g)) byGroup.set(g, []);
      byGroup.get(g)!.push(r.score);
    }
    const groups: Record<string, GroupResult> = {};
    for (const [g, values] of byGroup) {
      const { value, ci95 } = interval(values);
      groups[g] = { value, n: values.length, ci95 };
    }
    result.groups = { [bench.groupField]: groups };
  }
  return result;
}

/** Writes every run and returns the run directories, in the order of `options.runs`. */
export function writeSyntheticRuns(options: SyntheticOptions): string[] {
  const seed = options.seed ?? 7;
  const system = options.systemPrompt ?? SYSTEM;
  const questions = new Map<string, Question[]>();
  for (const b of options.benchmarks) {
    questions.set(b.name, Array.from({ length: b.n }, (_, i) => makeQuestion(b, i, seed)));
  }
  mkdirSync(options.dir, { recursive: true });
  return options.runs.map((run) => {
    const runId = run.runId ?? `${run.startedAt.slice(0, 19).replace(/[^0-9]/g, '')}-${slug(run.model)}-${slug(run.strategy)}`;
    const dir = join(options.dir, runId);
    mkdirSync(dir, { recursive: true });
    const benches = options.benchmarks.filter((b) => !run.benchmarks || run.benchmarks.includes(b.name));
    const fd = openSync(join(dir, 'samples.jsonl'), 'w');
    const results: Record<string, BenchmarkResult> = {};
    const usage = { ...emptyUsage(), cachedCalls: 0 };
    let index = 0;
    for (const b of benches) {
      const records: SampleRecord[] = [];
      let chunk = '';
      for (const q of questions.get(b.name)!) {
        let record = sampleFor(b, q, run, seed, system);
        options.mutateSample?.(record, run, index++);
        record = inRunnerOrder(record);
        records.push(record);
        chunk += JSON.stringify(record) + '\n';
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
      results[b.name] = resultFor(b, records);
      usage.calls += results[b.name].usage.calls;
      usage.promptTokens += results[b.name].usage.promptTokens;
      usage.completionTokens += results[b.name].usage.completionTokens;
    }
    closeSync(fd);
    const suites: NonNullable<RunFile['suites']> = {};
    for (const b of benches) {
      if (!b.suite) continue;
      suites[b.suite] ??= { metric: results[b.name].metric, value: 0, benchmarks: [], size: options.benchmarks.filter((x) => x.suite === b.suite).length };
      suites[b.suite].benchmarks.push(b.name);
    }
    for (const s of Object.values(suites)) {
      s.value = s.benchmarks.reduce((a, name) => a + results[name].value, 0) / s.benchmarks.length;
    }
    const started = new Date(run.startedAt);
    const file: RunFile = {
      schema: RUN_SCHEMA,
      runId,
      status: run.status ?? 'complete',
      spec: {
        benchmarks: benches.map((b) => b.name),
        strategy: { name: run.strategy, options: run.strategyOptions ?? (run.ensemble ? { ensemble: run.ensemble } : {}) },
        model: run.model,
        temperature: run.ensemble ? 0.7 : 0,
        maxTokens: 512,
        seed,
        ...(run.limit ? { limit: run.limit } : {}),
        concurrency: 16,
        timeoutS: 120,
        api: 'chat',
      },
      provenance: {
        aloeEvalVersion: '0.1.0',
        servedModel: run.model,
        endpointHosts: ['127.0.0.1:8000'],
        datasets: Object.fromEntries(benches.map((b) => [b.name, { source: 'hub', repo: `example/${b.name}`, revision: `${(seed * 7919 + b.name.length * 104729).toString(16).padStart(8, '0')}${'0'.repeat(32)}`, files: [{ path: 'test.jsonl', sha256: 'f'.repeat(64) }] }])),
        prompts: { [`${run.strategy}/system`]: 'a'.repeat(64), [`${run.strategy}/user`]: 'b'.repeat(64) },
        startedAt: started.toISOString(),
        finishedAt: new Date(started.getTime() + 3_600_000).toISOString(),
        node: 'v20.20.0',
      },
      usage,
      results,
      ...(Object.keys(suites).length > 0 ? { suites } : {}),
    };
    options.mutateRun?.(file);
    writeFileSync(join(dir, 'run.json'), JSON.stringify(file, null, 2) + '\n');
    return dir;
  });
}

/**
 * `writeSyntheticRuns` into `<a fresh temporary folder>/results`: returns that folder (the caller removes
 * it) and the run directories.
 */
export function writeSyntheticRunsInTmp(prefix: string, options: Omit<SyntheticOptions, 'dir'>): { tmp: string; dirs: string[] } {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  return { tmp, dirs: writeSyntheticRuns({ ...options, dir: join(tmp, 'results') }) };
}
