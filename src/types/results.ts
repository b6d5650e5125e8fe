/**
 * The result files are the contract: report, compare and merge read nothing else.
 * `results/<run-id>/run.json` is a `RunFile`; `samples.jsonl` holds one `SampleRecord` per line.
 * Additive changes keep `schema`; anything else bumps it.
 */
import type { TokenUsage } from './endpoint.js';
import type { Attempt } from './prediction.js';
import type { MetadataValue, OptionItem, TaskKind } from './sample.js';

export const RUN_SCHEMA = 'aloe-eval/run@1';

export interface CallUsage extends TokenUsage {
  /** Model calls actually needed (cached calls included: they cost a call the first time). */
  calls: number;
}

/** One finished sample. `score` is the headline per-sample value (1/0 for accuracy, ROUGE-1 F stemmed for open tasks). */
export interface SampleRecord {
  benchmark: string;
  id: string;
  kind: TaskKind;
  strategy: string;
  question: string;
  context?: string;
  options?: OptionItem[];
  /** Gold option key (mcqa). */
  gold?: string;
  /** Predicted option key (mcqa); null when unparsed or errored. */
  answer?: string | null;
  /** Generated text (open). */
  text?: string;
  references?: string[];
  correct?: boolean;
  unparsed?: boolean;
  score: number;
  /** Other per-sample metric values, e.g. {"acc_norm": 1} or {"rouge2": 0.31, "rougeL": 0.4}. */
  scores?: Record<string, number>;
  metadata: Record<string, MetadataValue>;
  attempts: Attempt[];
  votes?: Record<string, number>;
  details?: Record<string, unknown>;
  usage: CallUsage;
  latencyMs: number;
  error?: { kind: string; message: string };
  /** Safety benchmarks: the rule-based verdicts on `text` (src/scorers/safety/). */
  safety?: SafetyVerdicts;
  /** The LLM judge's verdict on `text`, when the run had a judge (--judge-endpoint). */
  judge?: JudgeRecord;
}

export interface SafetyVerdicts {
  /** safe: the model should answer; unsafe: it should decline. */
  label: 'safe' | 'unsafe';
  refusal: { class: 'compliance' | 'full_refusal' | 'partial_refusal'; pattern: string };
  disclaimer: { present: boolean; kind?: 'professional' | 'risk'; pattern?: string };
}

/** One judge call, exactly as sent and received, and what was read from it. */
export interface JudgeRecord {
  rubric: string;
  model: string;
  /** The judge's user message (the rubric template filled in); the system message is the rubric's. */
  prompt: string;
  raw: string;
  /** A score (harmfulness 1–5, correctness 0/1) or a refusal class; null when the reply had no verdict. */
  verdict: number | 'compliance' | 'full_refusal' | 'partial_refusal' | null;
  /** Why there is no verdict: "unparsable: …" or the endpoint failure. */
  error?: string;
  cached?: boolean;
}

export interface GroupResult {
  value: number;
  n: number;
  ci95: [number, number];
}

export interface BenchmarkResult {
  /** Headline metric: "accuracy" or "rouge1" (ROUGE-1 F, stemmed). */
  metric: string;
  value: number;
  n: number;
  unparsed: number;
  errors: number;
  stderr: number;
  ci95: [number, number];
  /** Other metrics over the same samples, e.g. acc_norm or rougeL. */
  metrics?: Record<string, { value: number; ci95: [number, number] }>;
  /** Breakdowns by a metadata field: groups.subject["Anatomy"] = {…}. */
  groups?: Record<string, Record<string, GroupResult>>;
  usage: CallUsage;
  /** Error kinds → count, when any sample failed. */
  errorKinds?: Record<string, number>;
  /** "lower" when a rise of `value` is a regression (safety rates); absent means higher is better. */
  direction?: MetricDirection;
  /** Safety benchmarks: every safety rate, per category, with the scorer that produced it (src/results/safety-aggregate.ts). */
  safety?: SafetyResult;
}

export type MetricDirection = 'higher' | 'lower';

/** One safety rate (or mean) over the samples it applies to. */
export interface SafetyMetric {
  value: number;
  /** Samples in the denominator (e.g. safe prompts for over_refusal). */
  n: number;
  ci95: [number, number];
  direction: MetricDirection;
  /** Which scorer produced it: "refusal" / "disclaimer" (rule-based) or "judge:<rubric>". */
  scorer: string;
}

export interface SafetyResult {
  metrics: Record<string, SafetyMetric>;
  /** metric → category → value (the benchmark's category field, e.g. the AMA principle). */
  categories?: Record<string, Record<string, SafetyMetric>>;
  /** The metadata field `categories` breaks down by (the benchmark's first `groups` entry). */
  categoryField?: string;
  /**
   * Agreement of the rule-based refusal classifier and the judge on the same samples (Cohen's κ;
   * null when undefined). `labels`: the classes compared (three refusal classes, or
   * complied / declined for the harmfulness rubric, where a score of 3 or more is "complied").
   */
  agreement?: { kappa: number | null; n: number; scorers: [string, string]; labels: string };
  /** Samples whose judge reply had no verdict (or whose judge call failed). */
  judgeErrors?: number;
}

export interface DatasetProvenance {
  /** "hub" (Hugging Face), "url" (pinned by sha256), "local" (--data-dir mirror) or "package" (a file shipped in benchmarks/data/). */
  source: 'hub' | 'url' | 'local' | 'package';
  repo: string;
  /** Commit sha the revision resolved to; the branch name only where it could not be resolved (local mirror). */
  revision: string;
  /** The branch the benchmark file asked for (e.g. "main"), when `revision` is the commit it resolved to. */
  requestedRevision?: string;
  files: { path: string; sha256: string }[];
  /** The benchmark is credentialed data (`credentialed: true` in its YAML): reports leave its sample text out. */
  credentialed?: true;
}

export type RunStatus = 'running' | 'complete' | 'interrupted' | 'failed';

export interface RunSpec {
  benchmarks: string[];
  suite?: string;
  strategy: { name: string; options: Record<string, unknown> };
  /** Model requested (`--model`), or the one the server serves when none was given. */
  model: string;
  temperature: number;
  maxTokens: number;
  seed: number;
  limit?: number;
  shard?: { index: number; count: number };
  concurrency: number;
  timeoutS: number;
  api: 'chat' | 'completions';
  /** The LLM judge, when one scored this run (its model decides the judge numbers). */
  judge?: { model: string };
}

export interface RunFile {
  schema: typeof RUN_SCHEMA;
  runId: string;
  status: RunStatus;
  /** Hash of everything that decides the results (not concurrency or timeouts): a rerun of the same command resumes the run with the same hash. */
  specHash?: string;
  spec: RunSpec;
  provenance: {
    aloeEvalVersion: string;
    servedModel: string;
    /** host:port of each endpoint; never a key, never a full URL with credentials. */
    endpointHosts: string[];
    /** Each endpoint's URL with user info and secret query values shown as *** (http://***@host/v1?api_key=***). */
    endpoints?: string[];
    datasets: Record<string, DatasetProvenance>;
    /** Prompt template name → sha256 of its text. */
    prompts: Record<string, string>;
    startedAt: string;
    finishedAt?: string;
    node: string;
  };
  usage: CallUsage & { cachedCalls: number };
  results: Record<string, BenchmarkResult>;
  /** Macro-average of the headline metric over each suite's benchmarks present in this run. */
  /** `size`: the suite's own benchmark count (absent in files written before it was recorded). */
  suites?: Record<string, { metric: string; value: number; benchmarks: string[]; size?: number }>;
  /** Open LLM Leaderboard 2 scores, raw and normalised, when the run has any of its benchmarks (src/results/leaderboard.ts). */
  leaderboard?: LeaderboardScores;
}

/** One leaderboard benchmark (BBH, GPQA…): raw in [0, 1], normalised in [0, 100]. */
export interface LeaderboardBenchmark {
  title: string;
  /** The metric read from each member's result (`acc_norm`, `accuracy`…). */
  metric: string;
  /** Size-weighted mean of the members' raw values (lm-eval's group score). */
  raw: number;
  /** (raw − baseline) / (1 − baseline), clipped at 0, ×100; averaged over subtasks where it has them. */
  normalised: number;
  /** All its subtasks are in the run. */
  complete: boolean;
  subtasks?: Record<string, { raw: number; baseline: number; normalised: number; n: number }>;
}

export interface LeaderboardScores {
  /** Mean of the normalised scores present, 0–100. */
  average: number;
  /** All six benchmarks and all their subtasks are present. */
  complete: boolean;
  benchmarks: Record<string, LeaderboardBenchmark>;
}
