import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsvExports } from '../src/report/csv.js';
import { mdText, renderMarkdown } from '../src/report/markdown.js';
import { loadReport, type LoadedReport } from '../src/report/write-report.js';
import { readRun, readRunFile } from '../src/results/read-run.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { writeSyntheticRunsInTmp } from './helpers/synthetic-runs.js';

let tmp: string;
let dirs: string[];
let report: LoadedReport;
const run = (i: number): RunFile => readRunFile(dirs[i]);
const samplesOf = (i: number): SampleRecord[] => readRun(dirs[i]).samples;

beforeAll(() => {
  ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-report-exports-', {
    benchmarks: [
      { name: 'medqa', kind: 'mcqa', n: 25, suite: 'mcqa' },
      { name: 'pubmedqa', kind: 'mcqa', n: 20, suite: 'mcqa' },
      { name: 'aci-bench', kind: 'open', n: 8, suite: 'open', groupField: 'category', groups: ['aci', 'virtscribe'] },
    ],
    runs: [
      { model: 'aloe|8b', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z', skill: 0.5 },
      { model: 'aloe|8b', strategy: 'plain', startedAt: '2025-01-02T00:00:00Z', skill: 0.58, errorRate: 0.1 },
      { model: '<b>aloe-70b</b>', strategy: 'medprompt', startedAt: '2025-01-03T00:00:00Z', skill: 0.75, ensemble: 3 },
    ],
    mutateSample: (record, r, index) => {
      // a model answer that a spreadsheet would run as a formula
      if (r.model === '<b>aloe-70b</b>' && index === 0) record.attempts[record.attempts.length - 1].raw = '=HYPERLINK("http://evil.example","x")';
    },
  }));
  report = loadReport(dirs);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('CSV exports', () => {
  let leaderboard: Record<string, string>[];
  let samples: Record<string, string>[];
  let rawSamples: string;

  beforeAll(async () => {
    const [lb, sm] = await writeCsvExports(report, path.join(tmp, 'csv'));
    leaderboard = parse(readFileSync(lb, 'utf8'), { columns: true });
    rawSamples = readFileSync(sm, 'utf8');
    samples = parse(rawSamples, { columns: true });
  });

  it('leaderboard.csv: one headline line per (row, benchmark) from the newest run, plus other metrics and suites', () => {
    const headline = leaderboard.filter((l) => l.kind === 'benchmark' && l.headline === 'true');
    expect(headline).toHaveLength(2 * 3);
    for (const [i, model] of [[1, 'aloe|8b'], [2, '<b>aloe-70b</b>']] as const) {
      for (const [bench, result] of Object.entries(run(i).results)) {
        const line = headline.find((l) => l.model === model && l.name === bench)!;
        expect(line.run_id).toBe(run(i).runId);
        expect(Number(line.value)).toBeCloseTo(result.value, 12);
        expect(Number(line.ci95_low)).toBeCloseTo(result.ci95[0], 12);
        expect(Number(line.n)).toBe(result.n);
        expect(Number(line.errors)).toBe(result.errors);
        expect(Number(line.calls)).toBe(result.usage.calls);
      }
    }
    const other = leaderboard.filter((l) => l.headline === 'false').map((l) => `${l.model}/${l.name}/${l.metric}`).sort();
    expect(other).toEqual(['<b>aloe-70b</b>/aci-bench/rouge2', '<b>aloe-70b</b>/aci-bench/rougeL', 'aloe|8b/aci-bench/rouge2', 'aloe|8b/aci-bench/rougeL']);
    const suite = leaderboard.find((l) => l.kind === 'suite' && l.model === 'aloe|8b' && l.name === 'mcqa')!;
    expect(Number(suite.value)).toBeCloseTo(run(1).suites!.mcqa.value, 12);
    expect(suite.benchmarks).toBe('2');
  });

  it('samples.csv: every sample of each newest run, with status and usage', () => {
    const expected = [...samplesOf(1), ...samplesOf(2)];
    expect(samples).toHaveLength(expected.length);
    const errors = samples.filter((s) => s.status === 'error');
    expect(errors.length).toBe(expected.filter((s) => s.error).length);
    expect(errors.every((s) => s.error_kind === 'timeout')).toBe(true);
    const first = samples.find((s) => s.model === 'aloe|8b' && s.id === 'medqa-00003')!;
    const source = samplesOf(1).find((s) => s.id === 'medqa-00003')!;
    expect(first.question).toBe(source.question);
    expect(Number(first.prompt_tokens)).toBe(source.usage.promptTokens);
    expect(first.status).toBe(source.error ? 'error' : source.correct ? 'correct' : source.unparsed ? 'unparsed' : 'wrong');
  });

  it('never writes a cell a spreadsheet would run as a formula', () => {
    const row = samples.find((s) => s.model === '<b>aloe-70b</b>' && s.text.includes('HYPERLINK'))!;
    expect(row.text).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(rawSamples).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('markdown summary', () => {
  it('is a ranked table with best scores in bold and intervals', () => {
    const md = renderMarkdown(report.data);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## aloe-eval report');
    const header = lines.find((l) => l.startsWith('| Model |'))!;
    expect(header).toBe('| Model | Strategy | mcqa (accuracy, avg) | open (rouge1, avg) | medqa (accuracy) | pubmedqa (accuracy) | aci-bench (rouge1) | Calls/q | Tokens/q |');
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Model'));
    expect(rows).toHaveLength(2);
    // ranked by the first suite average
    const mcqa = [run(1), run(2)].map((r) => r.suites!.mcqa.value);
    expect(rows[0].startsWith(mcqa[1] > mcqa[0] ? '| &lt;b&gt;aloe-70b&lt;/b&gt;' : '| aloe\\|8b')).toBe(true);
    const medqa = run(2).results.medqa;
    const cell = `${(medqa.value * 100).toFixed(1)} [${(medqa.ci95[0] * 100).toFixed(1)}–${(medqa.ci95[1] * 100).toFixed(1)}]`;
    const best = run(2).results.medqa.value >= run(1).results.medqa.value;
    expect(md).toContain(best ? `**${cell}**` : ` ${cell} `);
    expect(md).not.toMatch(/<b>/);
  });

  it('escapes table-breaking and HTML characters from model names', () => {
    expect(mdText('a|b <script>x</script> *y* [l](javascript:z)\nnext')).toBe('a\\|b &lt;script&gt;x&lt;/script&gt; \\*y\\* \\[l\\](javascript:z) next');
  });
});
