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
}

export interface DatasetProvenance {
  /** "hub" (Hugging Face), "url" (pinned by sha256) or "local" (--data-dir mirror). */
  source: 'hub' | 'url' | 'local';
  repo: string;
  /** Commit sha the revision resolved to; the branch name only where it could not be resolved (local mirror). */
  revision: string;
  /** The branch the benchmark file asked for (e.g. "main"), when `revision` is the commit it resolved to. */
  requestedRevision?: string;
  files: { path: string; sha256: string }[];
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
}
