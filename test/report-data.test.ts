import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSamples, pickSamples, waterLevel } from '../src/report/data/collect-samples.js';
import { embedJson } from '../src/report/page/html.js';
import { SampleStatus } from '../src/report/data/report-data.js';
import { statusOf } from '../src/report/data/sample-encode.js';
import { readSampleLines, scanSamples } from '../src/report/data/scan-samples.js';
import { loadReport, renderReport } from '../src/report/write-report.js';
import { readRunFile } from '../src/results/read-run.js';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { UserError } from '../src/util/errors.js';
import { writeSyntheticRuns } from './helpers/synthetic-runs.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'aloe-report-data-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const record = (id: string, extra: Partial<SampleRecord>): SampleRecord => ({
  benchmark: 'b', id, kind: 'mcqa', strategy: 's', question: id, score: 0, metadata: {}, attempts: [], usage: { calls: 1, promptTokens: 1, completionTokens: 1 }, latencyMs: 1, ...extra,
});

describe('embedded JSON', () => {
  it('cannot close its script element, open a comment or break a line, and reads back unchanged', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- & -->', c: 'x\u2028y\u2029z', d: ['>', '&amp;'] };
    const text = embedJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('grouping runs', () => {
  it('makes one row per (model, strategy) from its newest run, whatever order the dirs come in, and counts each run once', () => {
    const dirs = writeSyntheticRuns({
      dir: path.join(tmp, 'group'),
      benchmarks: [{ name: 'medqa', kind: 'mcqa', n: 10 }],
      runs: [
        { model: 'm1', strategy: 'plain', startedAt: '2025-03-01T00:00:00Z', skill: 0.2 },
        { model: 'm1', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z', skill: 0.9 },
        { model: 'm1', strategy: 'cot', startedAt: '2025-02-01T00:00:00Z' },
        { model: 'm2', strategy: 'plain', startedAt: '2025-02-01T00:00:00Z' },
      ],
    });
    const { data } = loadReport([dirs[1], dirs[0], dirs[2], dirs[3], dirs[0]]);
    expect(data.rows.map((r) => `${r.label} ${r.runId} ${r.runCount}`)).toEqual([
      `m1 · cot ${path.basename(dirs[2])} 1`,
      `m1 · plain ${path.basename(dirs[0])} 2`,
      `m2 · plain ${path.basename(dirs[3])} 1`,
    ]);
    expect(data.runs).toHaveLength(4);
    expect(data.runs.filter((r) => r.newest)).toHaveLength(3);
    // both m1 · plain runs are history points
    expect(data.history.filter((p) => p.model === 'm1' && p.strategy === 'plain').map((p) => p.date)).toEqual(['2025-01-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z']);
    expect(data.charts.filter((c) => c.section === 'history').map((c) => c.id)).toEqual(['history-medqa']);
    expect(data.charts.filter((c) => c.section === 'strategies').map((c) => c.id)).toEqual(['strategies-m1']);
  });

  it('names the model after the served model id, falling back to the requested one', () => {
    const [dir] = writeSyntheticRuns({
      dir: path.join(tmp, 'served'),
      benchmarks: [{ name: 'medqa', kind: 'mcqa', n: 5 }],
      runs: [{ model: 'requested', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z' }],
      mutateRun: (run) => {
        run.provenance.servedModel = '/models/Llama-3.1-Aloe-Beta-8B';
      },
    });
    const { data } = loadReport([dir]);
    expect(data.rows[0].model).toBe('/models/Llama-3.1-Aloe-Beta-8B');
    expect(data.runs[0].requestedModel).toBe('requested');
  });
});

describe('new metrics and strategies need no report code', () => {
  it('reads metric names, other metrics, group fields and strategy names from the files', () => {
    const dirs = writeSyntheticRuns({
      dir: path.join(tmp, 'novel'),
      benchmarks: [
        { name: 'abstracts', kind: 'mcqa', n: 12, metric: 'f1_macro', groupField: 'label', groups: ['neoplasms', 'digestive'] },
        { name: 'medqa', kind: 'mcqa', n: 12 },
      ],
      runs: [
        { model: 'm', strategy: 'self-consistency-v2', startedAt: '2025-01-01T00:00:00Z' },
        { model: 'n', strategy: 'tree-of-thought', startedAt: '2025-01-02T00:00:00Z' },
      ],
      mutateRun: (run) => {
        run.results.abstracts.metrics = { brier: { value: 0.21, ci95: [0.18, 0.25] }, perplexity: { value: 7.5, ci95: [7.1, 8.0] } };
      },
    });
    const { data } = loadReport(dirs);
    expect(data.rows.map((r) => r.strategy)).toEqual(['self-consistency-v2', 'tree-of-thought']);
    expect(data.benchmarks.map((b) => [b.name, b.metric, b.groupFields, b.otherMetrics])).toEqual([
      ['abstracts', 'f1_macro', ['label'], ['brier', 'perplexity']],
      ['medqa', 'accuracy', [], []],
    ]);
    expect(data.metrics.f1_macro).toEqual({ name: 'f1_macro', percent: true, higherIsBetter: true });
    expect(data.metrics.brier.higherIsBetter).toBe(false);
    expect(data.metrics.perplexity).toEqual({ name: 'perplexity', percent: false, higherIsBetter: false });
    // no suites in run.json: one macro-average per headline metric
    expect(data.suites.map((s) => [s.name, s.benchmarks, s.computed])).toEqual([
      ['average (f1_macro)', ['abstracts'], true],
      ['average (accuracy)', ['medqa'], true],
    ]);
    expect(data.rows[0].suites['average (accuracy)']!.value).toBeCloseTo(data.rows[0].cells.medqa.value, 12);
  });
});

describe('history file', () => {
  it('adds points of runs not given, skips lines it cannot use, and never duplicates a given run', () => {
    const [dir] = writeSyntheticRuns({
      dir: path.join(tmp, 'hist'),
      benchmarks: [{ name: 'medqa', kind: 'mcqa', n: 6 }],
      runs: [{ model: 'aloe', strategy: 'plain', startedAt: '2025-05-01T00:00:00Z' }],
    });
    const run: RunFile = readRunFile(dir);
    const file = path.join(tmp, 'history.jsonl');
    writeFileSync(file, [
      JSON.stringify({ model: 'aloe', strategy: 'plain', benchmark: 'medqa', revision: 'abc', metric: 'accuracy', value: 0.4, ci95: [0.3, 0.5], n: 6, date: '2025-04-01T00:00:00Z', runId: 'old-run' }),
      JSON.stringify({ model: 'aloe', strategy: 'plain', benchmark: 'medqa', metric: 'accuracy', value: run.results.medqa.value, date: '2025-05-01T01:00:00Z', runId: run.runId }),
      JSON.stringify({ model: 'aloe', strategy: 'plain', benchmark: 'medqa', value: 'high', date: '2025-03-01' }),
      JSON.stringify({ model: 'aloe', strategy: 'plain', benchmark: 'medqa', value: 0.3, date: 'yesterday' }),
      JSON.stringify({ model: 'aloe', strategy: 'plain', benchmark: 'medqa', value: 0.35, date: '2025-03-01', ci95: 'wide', n: 'six' }),
      '[1, 2]',
      '{"model": torn',
      '',
    ].join('\n'));
    const { data } = loadReport([dir], { historyFile: file });
    expect(data.history.map((p) => [p.date.slice(0, 10), p.value, p.runId ?? null, p.ci95 ?? null, p.metric])).toEqual([
      ['2025-03-01', 0.35, null, null, 'accuracy'],
      ['2025-04-01', 0.4, 'old-run', [0.3, 0.5], 'accuracy'],
      ['2025-05-01', run.results.medqa.value, run.runId, run.results.medqa.ci95, 'accuracy'],
    ]);
    expect(data.notes.join('\n')).toContain('4 line(s) skipped');
    expect(() => loadReport([dir], { historyFile: path.join(tmp, 'nope.jsonl') })).toThrow(UserError);
  });
});

describe('which samples a report embeds', () => {
  it('water-fills quotas: small cells whole, big ones share the rest', () => {
    expect(waterLevel([10, 20, 30], 100)).toBe(30);
    expect(waterLevel([10, 1000, 1000], 110)).toBe(50);
    expect(waterLevel([5, 5], 0)).toBe(0);
  });

  it('keeps errors, then unparsed, then wrong answers, then an even spread of the rest', () => {
    const records = [
      ...Array.from({ length: 10 }, (_, i) => record(`ok-${i}`, { correct: true, score: 1 })),
      record('wrong', { correct: false }),
      record('unparsed', { unparsed: true, answer: null }),
      record('error', { error: { kind: 'timeout', message: 't' } }),
    ];
    expect(pickSamples(records, 5, statusOf).map((r) => r.id)).toEqual(['error', 'unparsed', 'wrong', 'ok-0', 'ok-5']);
    expect(pickSamples(records, 2, statusOf).map((r) => r.id)).toEqual(['error', 'unparsed']);
    expect(pickSamples(records, 50, statusOf)).toHaveLength(13);
  });

  it('caps count and bytes, records what was left out, and stores a repeated text once', () => {
    const dirs = writeSyntheticRuns({
      dir: path.join(tmp, 'budget'),
      benchmarks: [
        { name: 'big', kind: 'mcqa', n: 300 },
        { name: 'small', kind: 'mcqa', n: 20 },
      ],
      runs: [
        { model: 'a', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z', errorRate: 0.05 },
        { model: 'b', strategy: 'medprompt', startedAt: '2025-01-01T00:00:00Z', ensemble: 5, fewShot: 3 },
      ],
      systemPrompt: 'SYSTEM PROMPT '.repeat(40),
    });
    const report = loadReport(dirs);
    const all = collectSamples(report.data, report.groups.map((g) => g.newest.dir), { maxSamples: 10_000, maxBytes: 1e9, maxChars: 100_000 });
    expect(all.items).toHaveLength(640);
    expect(all.strings.filter((s) => s.startsWith('SYSTEM PROMPT'))).toHaveLength(1);
    expect(all.strings.filter((s) => s.startsWith('Example 1:'))).toHaveLength(1);

    const capped = collectSamples(report.data, report.groups.map((g) => g.newest.dir), { maxSamples: 100, maxBytes: 1e9, maxChars: 100_000 });
    expect(capped.counts).toEqual({
      '0\u0000big': { total: 300, shown: 30 },
      '0\u0000small': { total: 20, shown: 20 },
      '1\u0000big': { total: 300, shown: 30 },
      '1\u0000small': { total: 20, shown: 20 },
    });
    const errors = readFileSync(path.join(dirs[0], 'samples.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"error"') && l.includes('"benchmark":"big"')).length;
    expect(capped.items.filter((it) => it[0] === 0 && it[1] === 0 && it[3] === SampleStatus.error)).toHaveLength(Math.min(errors, 30));

    const small = collectSamples(report.data, report.groups.map((g) => g.newest.dir), { maxSamples: 10_000, maxBytes: 60_000, maxChars: 50 });
    expect(JSON.stringify(small).length).toBeLessThan(60_000 * 1.2);
    expect(small.items.length).toBeGreaterThan(20);
    expect(small.items.length).toBeLessThan(640);
    expect(small.maxChars).toBe(50);
    expect(small.strings.find((s) => s.startsWith('SYSTEM PROMPT'))).toMatch(/^SYSTEM PROMPT .{36}\n… \[\d+ more characters not shown here; the full text is in samples.jsonl\]$/s);
    // fair across cells: every (row, benchmark) got some
    expect(Object.values(small.counts).every((c) => c.shown > 0)).toBe(true);
  });

  it('with --max-samples 0 embeds no sample at all', () => {
    const [dir] = writeSyntheticRuns({ dir: path.join(tmp, 'none'), benchmarks: [{ name: 'medqa', kind: 'mcqa', n: 5 }], runs: [{ model: 'a', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z' }] });
    const html = renderReport(loadReport([dir]), { samples: { maxSamples: 0 } });
    const samples = JSON.parse(html.match(/<script type="application\/json" id="report-samples">(.*?)<\/script>/s)![1]);
    expect(samples.items).toEqual([]);
  });
});

describe('scanning samples.jsonl without parsing every line', () => {
  it('classifies each line as JSON.parse would, across chunk borders, in any key order, and skips torn or corrupt lines', () => {
    const [dir] = writeSyntheticRuns({
      dir: path.join(tmp, 'scan'),
      benchmarks: [
        { name: 'medqa', kind: 'mcqa', n: 60 },
        { name: 'aci', kind: 'open', n: 10 },
      ],
      runs: [{ model: 'a', strategy: 'medprompt', startedAt: '2025-01-01T00:00:00Z', ensemble: 3, unparsedRate: 0.6, errorRate: 0.1 }],
      mutateSample: (r, _run, i) => {
        // text that looks like status keys is escaped inside JSON strings and must not count
        r.question = `${r.question} "correct":true "error":{ "unparsed":true`;
        if (i === 3) r.details = { note: 'x'.repeat(5000) }; // a long line (longer than the test's chunk)
      },
    });
    const file = path.join(dir, 'samples.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const records: SampleRecord[] = lines.map((l) => JSON.parse(l));
    // other writers: keys in another order, a benchmark name with an escape, then a corrupt line and a torn tail
    const reordered = { ...records[0], benchmark: undefined };
    const odd = { ...records[1], benchmark: 'med"qa' };
    const extra = [JSON.stringify({ ...reordered, benchmark: 'medqa' }).replace(/^\{"benchmark":"medqa",/, '{').replace(/\}$/, ',"benchmark":"medqa"}'), JSON.stringify(odd), '{"benchmark":"medqa", torn', '{"benchmark":"medqa","id":"cut'];
    writeFileSync(file, [...lines, ...extra].join('\n'));
    // The corrupt line has the runner's prefix, so the scan keeps it (as "scored"); it is found out only if
    // it gets picked and read — then it reads as null and the report notes it.
    const expected = [...[...records, records[0], odd].map((r) => [r.benchmark, statusOf(r)]), ['medqa', SampleStatus.scored]];
    for (const chunkSize of [1024, 32 * 1024 * 1024]) {
      const scan = scanSamples(file, chunkSize);
      expect(scan.benchmarks.map((b, i) => [b, scan.statuses[i]])).toEqual(expected);
      const parsed = readSampleLines(scan, [0, 3, records.length + 1, records.length + 2]);
      expect(parsed.map((r) => r?.id ?? null)).toEqual([records[0].id, records[3].id, odd.id, null]);
    }
    expect(new Set(records.map(statusOf))).toEqual(new Set([0, 1, 2, 3, 4]));
  });
});
