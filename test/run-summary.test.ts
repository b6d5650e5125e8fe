/** Issue 12 §1: the summary printed after a run names the kinds of its per-sample errors. */
import { describe, expect, it } from 'vitest';
import { formatKinds, formatSummary } from '../src/runner/summary.js';
import { runFile, sample } from './compare-fixtures.js';

describe('run summary', () => {
  it('prints one "errors by kind" line per benchmark with errors, largest first', () => {
    const samples = [
      ...Array.from({ length: 20 }, (_, i) => sample('medqa', `q${i}`, { score: i % 2 })),
      sample('medqa', 'c1', { score: 0, error: 'connection' }),
      sample('medqa', 'c2', { score: 0, error: 'connection' }),
      sample('medqa', 't1', { score: 0, error: 'timeout' }),
      ...Array.from({ length: 5 }, (_, i) => sample('pubmedqa', `p${i}`, { score: 1 })),
    ];
    const text = formatSummary(runFile(samples));
    const lines = text.split('\n').filter((l) => l.includes('errors by kind'));
    expect(lines).toEqual(['medqa errors by kind: connection 2, timeout 1']);
  });

  it('prints no such line for a run without errors', () => {
    const text = formatSummary(runFile([sample('medqa', 'q1', { score: 1 })]));
    expect(text).not.toContain('errors by kind');
  });

  it('marks a suite average over fewer benchmarks than the suite has as partial', () => {
    const run = runFile([sample('medqa', 'q1', { score: 1 }), sample('pubmedqa', 'p1', { score: 0 })]);
    run.suites = {
      mcqa: { metric: 'accuracy', value: 0.5, benchmarks: ['medqa', 'pubmedqa'], size: 10 },
      pair: { metric: 'accuracy', value: 0.5, benchmarks: ['medqa', 'pubmedqa'], size: 2 },
    };
    const lines = formatSummary(run).split('\n');
    expect(lines.find((l) => l.startsWith('suite mcqa'))).toMatch(/50\.0\s+\(partial: 2 of 10\)$/);
    expect(lines.find((l) => l.startsWith('suite pair'))).toMatch(/50\.0\s+\(mean of 2\)$/);
  });

  it('orders kinds by count, then by name', () => {
    expect(formatKinds({ timeout: 1, server: 3, connection: 3 })).toBe('connection 3, server 3, timeout 1');
  });
});
