import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendHistory, readHistory } from '../src/results/history.js';
import { dataset, runFile, sample } from './compare-fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'aloe-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samples = [
  ...['a', 'b', 'c', 'd'].map((id, i) => sample('medqa', id, { score: i < 3 ? 1 : 0 })),
  ...['n1', 'n2'].map((id) => sample('aci', id, { score: 0.5 }, 'open')),
];
const run = runFile(samples, {
  runId: '2026-11-01-aloe',
  model: 'HPAI-BSC/Llama3.1-Aloe-Beta-8B',
  strategy: 'medprompt',
  metrics: { aci: 'rouge1' },
  datasets: { medqa: dataset('abc123'), aci: dataset('def456') },
});

describe('history', () => {
  it('appends one line per benchmark with model, strategy, revision, metric, interval, n, date and run id', () => {
    const file = path.join(dir, 'nested', 'history.jsonl');
    expect(appendHistory(file, run)).toBe(2);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [medqa, aci] = readHistory(file);
    expect(medqa).toEqual({
      date: '2026-11-01T03:00:00.000Z',
      runId: '2026-11-01-aloe',
      model: 'HPAI-BSC/Llama3.1-Aloe-Beta-8B',
      strategy: 'medprompt',
      benchmark: 'medqa',
      revision: 'abc123',
      metric: 'accuracy',
      value: 0.75,
      ci95: run.results.medqa.ci95,
      n: 4,
    });
    expect(aci).toMatchObject({ benchmark: 'aci', metric: 'rouge1', value: 0.5, revision: 'def456' });
  });

  it('does not add the same run twice, and adds the next run', () => {
    const file = path.join(dir, 'twice.jsonl');
    appendHistory(file, run);
    expect(appendHistory(file, run)).toBe(0);
    expect(appendHistory(file, { ...run, runId: 'next' })).toBe(2);
    expect(readHistory(file).map((e) => e.runId)).toEqual(['2026-11-01-aloe', '2026-11-01-aloe', 'next', 'next']);
  });

  it('skips unfinished runs', () => {
    const file = path.join(dir, 'partial.jsonl');
    expect(appendHistory(file, { ...run, status: 'interrupted' })).toBe(0);
    expect(readHistory(file)).toEqual([]);
  });

  it('repairs a torn last line before appending and reads past garbage', () => {
    const file = path.join(dir, 'torn.jsonl');
    writeFileSync(file, 'not json\n');
    appendFileSync(file, '{"runId": "half');
    expect(appendHistory(file, run)).toBe(2);
    expect(readHistory(file).map((e) => e.benchmark)).toEqual(['medqa', 'aci']);
  });

  it('reads a missing file as an empty history', () => {
    expect(readHistory(path.join(dir, 'none.jsonl'))).toEqual([]);
  });
});

describe('history ↔ report contract', () => {
  it('every line appendHistory writes is read by the HTML report without loss', async () => {
    const { readHistory: readForReport } = await import('../src/report/data/read-history.js');
    const file = path.join(dir, 'report.jsonl');
    appendHistory(file, run);
    const { points, skipped } = readForReport(file);
    expect(skipped).toBe(0);
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({ model: 'HPAI-BSC/Llama3.1-Aloe-Beta-8B', strategy: 'medprompt', benchmark: 'medqa', metric: 'accuracy', value: 0.75, n: 4, runId: '2026-11-01-aloe', revision: 'abc123', ci95: run.results.medqa.ci95 });
  });
});
