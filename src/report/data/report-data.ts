/**
 * The data a report page is drawn from: built in Node from result files (build-data.ts), embedded in the
 * HTML as JSON, read by the page script (page/*.ts). Nothing here names a metric, strategy or benchmark:
 * they all come from the files.
 */
import type { BenchmarkResult, CallUsage, JudgeRecord, RunStatus } from '../../types/results.js';

export interface MetricInfo {
  name: string;
  /** Every value of this metric in the report lies in [0, 1]: shown ×100. */
  percent: boolean;
  /** False for names that read as losses/errors (perplexity, loss, error rate, WER, ECE). */
  higherIsBetter: boolean;
}

export interface BenchmarkInfo {
  name: string;
  /** Headline metric (the most common one among the runs that have this benchmark). */
  metric: string;
  /** Metadata fields with breakdowns (BenchmarkResult.groups keys). */
  groupFields: string[];
  /** Secondary metrics seen for this benchmark (BenchmarkResult.metrics keys). */
  otherMetrics: string[];
}

export interface SuiteInfo {
  name: string;
  metric: string;
  benchmarks: string[];
  /** How many benchmarks the suite has (its run.json size, else the members seen); a row averaging fewer is partial. */
  size: number;
  /** True when no run.json had suites and the report macro-averaged every benchmark itself. */
  computed: boolean;
}

/** One benchmark's result as the page shows it: run.json's, less the standard error (cellOf fills defaults). */
export type Cell = Omit<BenchmarkResult, 'stderr'>;

/** One leaderboard row: the newest run of one (model, strategy). */
export interface RowData {
  model: string;
  strategy: string;
  label: string;
  color: string;
  runId: string;
  date: string;
  status: RunStatus;
  limit?: number;
  /** How many runs of this (model, strategy) were given. */
  runCount: number;
  cells: Record<string, Cell>;
  /** Suite name → macro-average (null when the row lacks the suite). */
  /** `complete`: averaged over every benchmark of the suite (a partial average is never ranked or starred as one). */
  suites: Record<string, { value: number; benchmarks: number; complete: boolean } | null>;
  /** Summed over the row's benchmarks; `questions` is the number of samples. */
  usage: CallUsage & { questions: number };
}

export interface HistoryPoint {
  model: string;
  strategy: string;
  benchmark: string;
  metric: string;
  value: number;
  ci95?: [number, number];
  n?: number;
  /** ISO date. */
  date: string;
  runId?: string;
  revision?: string;
}

export interface RunProvenance {
  runId: string;
  model: string;
  requestedModel: string;
  strategy: string;
  strategyOptions: string;
  status: RunStatus;
  newest: boolean;
  aloeEvalVersion: string;
  startedAt: string;
  finishedAt?: string;
  node: string;
  endpointHosts: string[];
  datasets: { benchmark: string; source: string; repo: string; revision: string }[];
  prompts: { name: string; sha256: string }[];
  settings: string;
}

/** A chart as data; chart-config.ts turns it into a chart.js configuration (in Node for PNGs, in the page). */
export interface ChartSpec {
  id: string;
  section: 'suites' | 'strategies' | 'cost' | 'history' | 'groups';
  title: string;
  type: 'bar' | 'line';
  horizontal?: boolean;
  stacked?: boolean;
  /** Category labels (bar charts). */
  labels: string[];
  datasets: ChartDataset[];
  yLabel: string;
  /** Values are fractions shown as percentages. */
  percent?: boolean;
  /** Line charts: x values are epoch milliseconds, ticks show dates. */
  timeAxis?: boolean;
  /** history charts: the benchmark they show. */
  key?: string;
}

export interface ChartDataset {
  label: string;
  color: string;
  /** Bar charts: one colour per bar instead of `color` (e.g. each leaderboard row's own colour). */
  colors?: string[];
  /** Bar charts: one value per label. */
  data?: (number | null)[];
  /** 95% intervals drawn as whiskers (bar charts). */
  ci?: ([number, number] | null)[];
  /** Line charts. */
  points?: { x: number; y: number; lo?: number; hi?: number }[];
}

export interface ReportData {
  title: string;
  generatedAt: string;
  aloeEvalVersion: string;
  metrics: Record<string, MetricInfo>;
  benchmarks: BenchmarkInfo[];
  suites: SuiteInfo[];
  rows: RowData[];
  history: HistoryPoint[];
  runs: RunProvenance[];
  charts: ChartSpec[];
  /** Lines the page shows above the leaderboard (skipped history lines, partial runs…). */
  notes: string[];
  /** Set when there is no history chart: the line "Score history" shows instead (see history-note.ts). */
  historyEmpty?: string;
}

/**
 * Samples, compactly: every text goes through one string table (`strings`), so the system prompt,
 * few-shot examples and questions shared by several rows are stored once.
 */
export interface SampleData {
  strings: string[];
  /** Sample tuples: see `CompactSample`. */
  items: CompactSample[];
  /** `${row}\u0000${benchmark}` → how many samples the run had and how many are embedded. */
  counts: Record<string, { total: number; shown: number }>;
  /** Characters cut by the per-text limit (0 when nothing was cut). */
  maxChars: number;
}

export const SampleStatus = { correct: 0, wrong: 1, unparsed: 2, error: 3, scored: 4 } as const;
export type SampleStatusCode = (typeof SampleStatus)[keyof typeof SampleStatus];

/** [row index, benchmark index, id (string ref), status, score, question (string ref), detail]. */
export type CompactSample = [number, number, number, SampleStatusCode, number, number, CompactDetail];

/** Every string field is an index into `SampleData.strings`. */
export interface CompactDetail {
  /** context */
  c?: number;
  /** options: [key, text ref] in dataset order */
  o?: [string, number][];
  g?: string;
  a?: string | null;
  /** generated text (open) */
  t?: number;
  /** references */
  r?: number[];
  /** other per-sample scores */
  s?: Record<string, number>;
  /** metadata, as [key, value ref] */
  m?: [string, number][];
  v?: Record<string, number>;
  /** details (JSON text ref) */
  d?: number;
  at: CompactAttempt[];
  /** usage: [calls, prompt tokens, completion tokens] */
  u: [number, number, number];
  l: number;
  /** error: [kind ref, message ref] */
  e?: [number, number];
  /** safety verdicts: [label, refusal class, refusal pattern, disclaimer pattern ('' = none)] */
  sf?: [string, string, string, string];
  /** judge: rubric, model, prompt ref, raw reply ref, verdict, error ref */
  j?: { b: string; md: string; p: number; w: number; v: JudgeRecord['verdict']; e?: number };
}

export interface CompactAttempt {
  /** messages: [role, content ref] */
  m?: [string, number][];
  /** text-completions prompt */
  p?: number;
  pm?: string[];
  r: number;
  x: string | null;
  f?: string | null;
  u: [number, number];
  l: number;
  c?: boolean;
  e?: number;
  ll?: number[];
}
