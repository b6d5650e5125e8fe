import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { SampleRecord } from '../types/results.js';
import { SampleStatus } from './data/report-data.js';
import type { LoadedReport } from './write-report.js';
import { statusOf } from './data/sample-encode.js';
import { credentialedIn, withoutText } from './data/credentialed-text.js';

/** Status code → name. */
const STATUS: Record<number, string> = Object.fromEntries(Object.entries(SampleStatus).map(([name, code]) => [code, name]));

async function writeCsvFile(file: string, columns: string[], rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>): Promise<void> {
  // escape_formulas: a model answer starting with "=" or "+" must not become a spreadsheet formula.
  await pipeline(Readable.from(rows), stringify({ header: true, columns, escape_formulas: true, cast: { boolean: (v) => String(v) } }), createWriteStream(file));
}

const LEADERBOARD_COLUMNS = ['model', 'strategy', 'run_id', 'date', 'status', 'kind', 'name', 'metric', 'headline', 'value', 'ci95_low', 'ci95_high', 'benchmarks', 'n', 'unparsed', 'errors', 'calls', 'prompt_tokens', 'completion_tokens'];

/** Tidy leaderboard: one line per (row, benchmark, metric) — headline and every other metric — plus suite averages. */
function* leaderboardRows(report: LoadedReport): Generator<Record<string, unknown>> {
  for (const row of report.data.rows) {
    const base = { model: row.model, strategy: row.strategy, run_id: row.runId, date: row.date, status: row.status };
    for (const suite of report.data.suites) {
      const s = row.suites[suite.name];
      if (s) yield { ...base, kind: 'suite', name: suite.name, metric: suite.metric, headline: true, value: s.value, benchmarks: s.benchmarks };
    }
    for (const bench of report.data.benchmarks) {
      const c = row.cells[bench.name];
      if (!c) continue;
      const counts = { n: c.n, unparsed: c.unparsed, errors: c.errors, calls: c.usage.calls, prompt_tokens: c.usage.promptTokens, completion_tokens: c.usage.completionTokens };
      yield { ...base, kind: 'benchmark', name: bench.name, metric: c.metric, headline: true, value: c.value, ci95_low: c.ci95[0], ci95_high: c.ci95[1], ...counts };
      for (const [metric, m] of Object.entries(c.metrics ?? {})) {
        yield { ...base, kind: 'benchmark', name: bench.name, metric, headline: false, value: m.value, ci95_low: m.ci95[0], ci95_high: m.ci95[1], ...counts };
      }
    }
  }
}

const SAMPLE_COLUMNS = ['model', 'strategy', 'run_id', 'benchmark', 'id', 'status', 'score', 'gold', 'answer', 'correct', 'unparsed', 'error_kind', 'error_message', 'calls', 'prompt_tokens', 'completion_tokens', 'latency_ms', 'attempts', 'votes', 'scores', 'metadata', 'question', 'text'];

/** The records of a samples.jsonl, streamed line by line (any file size); torn or corrupt lines are skipped. */
async function* readSamples(file: string): AsyncGenerator<SampleRecord> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as SampleRecord;
    } catch {
      // a torn last line or a corrupted one: not a sample
    }
  }
}

/** Every sample of each row's newest run (not the report's embedded subset), streamed. */
async function* sampleRows(report: LoadedReport, hidden: ReadonlySet<string>): AsyncGenerator<Record<string, unknown>> {
  for (const group of report.groups) {
    const run = group.newest;
    for await (const read of readSamples(join(run.dir, 'samples.jsonl'))) {
      const s = hidden.has(read.benchmark) ? withoutText(read) : read;
      yield {
        model: group.model,
        strategy: group.strategy,
        run_id: run.run.runId,
        benchmark: s.benchmark,
        id: s.id,
        status: STATUS[statusOf(s)],
        score: s.score,
        gold: s.gold ?? '',
        answer: s.answer ?? '',
        correct: s.correct ?? '',
        unparsed: s.unparsed ?? false,
        error_kind: s.error?.kind ?? '',
        error_message: s.error?.message ?? '',
        calls: s.usage?.calls ?? 0,
        prompt_tokens: s.usage?.promptTokens ?? 0,
        completion_tokens: s.usage?.completionTokens ?? 0,
        latency_ms: s.latencyMs ?? 0,
        attempts: s.attempts?.length ?? 0,
        votes: s.votes ? JSON.stringify(s.votes) : '',
        scores: s.scores ? JSON.stringify(s.scores) : '',
        metadata: JSON.stringify(s.metadata ?? {}),
        question: s.question,
        text: s.text ?? (s.attempts?.length ? s.attempts[s.attempts.length - 1].raw : ''),
      };
    }
  }
}

/**
 * Writes `<dir>/leaderboard.csv` and `<dir>/samples.csv`; returns their paths. Samples of
 * credentialed benchmarks keep scores and ids only unless `includeCredentialedText`.
 */
export async function writeCsvExports(report: LoadedReport, dir: string, includeCredentialedText = false): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const leaderboard = join(dir, 'leaderboard.csv');
  const samples = join(dir, 'samples.csv');
  await writeCsvFile(leaderboard, LEADERBOARD_COLUMNS, leaderboardRows(report));
  await writeCsvFile(samples, SAMPLE_COLUMNS, sampleRows(report, includeCredentialedText ? new Set() : credentialedIn(report.groups)));
  return [leaderboard, samples];
}
