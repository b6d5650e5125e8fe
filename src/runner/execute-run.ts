import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit from 'p-limit';
import { EndpointFailure } from '../types/endpoint-failure.js';
import { aggregateBenchmark, sortSamples, suiteAverages } from '../results/aggregate.js';
import { leaderboardScores } from '../results/leaderboard.js';
import { scorerFor } from '../scorers/registry.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import { judgeAnswer } from '../scorers/judge/judge.js';
import type { RubricName } from '../scorers/judge/rubrics.js';
import type { Judge } from './connect-judge.js';
import type { Scorer } from '../scorers/scorer.js';
import type { Attempt, Prediction } from '../types/prediction.js';
import type { RunFile, RunStatus, SampleRecord } from '../types/results.js';
import type { Sample } from '../types/sample.js';
import { UserError } from '../util/errors.js';
import { SampleLog, sampleKey, writeRunFile } from './run-dir.js';
import { toSampleRecord } from './sample-record.js';

export interface BenchmarkTask {
  id: string;
  metric: string;
  groups: string[];
  prompt: string;
  maxTokens?: number;
  stop?: string[];
  /** The benchmark's judge rubric; used only when the run has a judge. */
  judge?: RubricName;
  samples: Sample[];
}

/** Lifecycle hooks for console output; all optional. */
export interface RunReporter {
  onStart?(info: { total: number; alreadyDone: number; runDir: string }): void;
  onSample?(record: SampleRecord): void;
  onEnd?(run: RunFile): void;
}

export interface ErrorBudget {
  maxErrors?: number;
  maxErrorRate?: number;
}

export interface ExecuteInput {
  dir: string;
  run: RunFile;
  tasks: BenchmarkTask[];
  createStrategy: () => Strategy;
  context: Omit<StrategyContext, 'task'>;
  /** Samples solved at once. */
  concurrency: number;
  budget: ErrorBudget;
  suites: Record<string, readonly string[]>;
  /** Finished samples from an earlier attempt at this run (resume). */
  done: Map<string, SampleRecord>;
  reporters: RunReporter[];
  /** Set by the Ctrl-C handler: no new sample is started once it is true. */
  stopSignal: { stopped: boolean };
  /** The LLM judge (--judge-endpoint), when there is one. */
  judge?: Judge;
}

export interface ExecuteOutcome {
  run: RunFile;
  /** Why the run failed (error budget exceeded), when it did. */
  failure?: string;
}

function errorOf(err: unknown): { kind: string; message: string } {
  if (err instanceof EndpointFailure) return { kind: err.kind, message: err.message };
  if (err instanceof UserError) return { kind: 'invalid', message: err.message };
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** The request that failed, recorded like any attempt (what was sent, no reply), when the endpoint kept it. */
function failedAttempt(err: unknown, latencyMs: number): Attempt[] {
  if (!(err instanceof EndpointFailure) || !err.request) return [];
  const { messages, prompt } = err.request;
  return [{ ...(messages ? { messages } : { prompt }), raw: '', extracted: null, usage: { promptTokens: 0, completionTokens: 0 }, latencyMs: Math.round(latencyMs), error: err.message }];
}

/** Calls answered from the response cache, over every sample of the run (a resume's earlier ones too). */
function cachedCalls(records: readonly SampleRecord[]): number {
  let n = 0;
  for (const r of records) for (const a of r.attempts) if (a.cached) n += a.calls ?? 1;
  return n;
}

function budgetExceeded(budget: ErrorBudget, errors: number, finished: number): string | undefined {
  if (budget.maxErrors !== undefined && errors > budget.maxErrors) return `${errors} samples failed (more than --max-errors ${budget.maxErrors})`;
  // A rate is only meaningful once enough samples finished.
  if (budget.maxErrorRate !== undefined && finished >= 20 && errors / finished > budget.maxErrorRate) {
    return `${errors} of ${finished} samples failed (more than --max-error-rate ${budget.maxErrorRate})`;
  }
  return undefined;
}

/**
 * The judge's verdict on a finished answer (a failed or unparsable one is recorded as a judge
 * error: the sample still counts for the rule-based scorers). Open tasks judged for correctness
 * get `scores.judge_correctness` (0 when the judge gave no verdict: never a silent pass).
 */
async function addJudgeVerdict(record: SampleRecord, sample: Sample, rubric: RubricName, judge: Judge): Promise<void> {
  record.judge = await judgeAnswer(judge.generate, judge.model, rubric, sample, record.text ?? '');
  if (rubric === 'correctness') record.scores = { ...record.scores, judge_correctness: typeof record.judge.verdict === 'number' ? record.judge.verdict : 0 };
}

/** A sample still to solve, with what solves and scores it. */
interface PendingSample {
  sample: Sample;
  strategy: Strategy;
  scorer: Scorer;
  ctx: StrategyContext;
  rubric?: RubricName;
}

/**
 * The core loop: prepare each benchmark's strategy, solve every sample not finished yet with
 * bounded concurrency, score it and append it to samples.jsonl as soon as it is done, then
 * aggregate into run.json. Nothing already finished is ever asked again or lost.
 */
export async function executeRun(input: ExecuteInput): Promise<ExecuteOutcome> {
  const { dir, run, tasks, done, stopSignal } = input;
  writeRunFile(dir, run);

  const records = new Map(done);
  const pending: PendingSample[] = [];
  // Each task's scorer, loaded once: it scores the samples and names the metric in run.json.
  const scorers = new Map<string, Scorer>();
  for (const task of tasks) {
    const scorer = await scorerFor(task.metric);
    scorers.set(task.id, scorer);
    const strategy = input.createStrategy();
    const ctx: StrategyContext = { ...input.context, task: { benchmark: task.id, prompt: task.prompt, maxTokens: task.maxTokens, stop: task.stop } };
    const todo = task.samples.filter((s) => !done.has(sampleKey(s.benchmark, s.id)));
    if (todo.length === 0) continue;
    await strategy.prepare?.(task.id, task.samples, ctx);
    const rubric = input.judge ? task.judge : undefined;
    for (const sample of todo) pending.push({ sample, strategy, scorer, ctx, rubric });
  }

  const total = tasks.reduce((n, t) => n + t.samples.length, 0);
  for (const r of input.reporters) r.onStart?.({ total, alreadyDone: total - pending.length, runDir: dir });

  let errors = 0; // `done` holds error-free samples only
  let finished = done.size;
  let failure: string | undefined;
  let writeError: unknown;
  const limit = pLimit(input.concurrency);
  const log = new SampleLog(dir);
  /** Scores a solved sample (the judge too, when there is one) and appends it to samples.jsonl. */
  const recordSample = async ({ sample, scorer, rubric }: PendingSample, prediction: Prediction, started: number): Promise<void> => {
    const score = prediction.error ? null : scorer.score(prediction, sample);
    const record = toSampleRecord(sample, run.spec.strategy.name, prediction, score, Math.round(performance.now() - started));
    if (rubric && !record.error) await addJudgeVerdict(record, sample, rubric, input.judge!);
    try {
      log.append(record);
    } catch (err) {
      writeError ??= err; // disk full: finish what is in flight, start nothing new
      return;
    }
    records.set(sampleKey(sample.benchmark, sample.id), record);
    for (const r of input.reporters) r.onSample?.(record);
  };
  // A slot is free as soon as its answer is in; the sample is scored and written on the next turn
  // of the event loop, once the slots freed in this turn have sent their next requests. (Answers
  // come in bursts: writing each before the next send held every later slot of the burst back.)
  // A judged sample keeps its slot until the judge has answered, the judge being a model call too.
  await Promise.all(
    pending.map((item) =>
      limit(async () => {
        if (stopSignal.stopped || failure || writeError) return undefined;
        const started = performance.now();
        let prediction: Prediction;
        try {
          prediction = await item.strategy.solve(item.sample, item.ctx);
        } catch (err) {
          prediction = { attempts: failedAttempt(err, performance.now() - started), error: errorOf(err) };
        }
        // Counted before the slot is free, so that the error budget stops the very next sample.
        finished++;
        if (prediction.error) errors++;
        failure ??= budgetExceeded(input.budget, errors, finished);
        if (!item.rubric) return { prediction, started };
        await recordSample(item, prediction, started);
        return undefined;
      }).then(async (solved) => {
        if (!solved) return;
        await nextTurn();
        await recordSample(item, solved.prediction, solved.started);
      }),
    ),
  ).finally(() => log.close());

  // run.json still says "running", so the same command (or --resume) picks the run up again.
  if (writeError) throw writeError;

  const status: RunStatus = failure ? 'failed' : stopSignal.stopped ? 'interrupted' : 'complete';
  const all = sortSamples([...records.values()]);
  run.results = {};
  run.usage = { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: cachedCalls(all) };
  for (const task of tasks) {
    const samples = all.filter((r) => r.benchmark === task.id);
    if (samples.length === 0) continue;
    const result = aggregateBenchmark(task.id, scorers.get(task.id)!.name, samples, run.spec.seed, task.groups);
    run.results[task.id] = result;
    run.usage.calls += result.usage.calls;
    run.usage.promptTokens += result.usage.promptTokens;
    run.usage.completionTokens += result.usage.completionTokens;
  }
  run.suites = suiteAverages(run.results, input.suites);
  const leaderboard = leaderboardScores(run.results);
  if (leaderboard) run.leaderboard = leaderboard;
  run.status = status;
  run.provenance.finishedAt = new Date().toISOString();
  writeRunFile(dir, run);
  for (const r of input.reporters) r.onEnd?.(run);
  return { run, failure };
}
