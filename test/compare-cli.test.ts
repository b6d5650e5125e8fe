/** End to end: `aloe-eval compare` spawned as a process on result dirs written to disk. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_SCHEMA, type Comparison } from '../src/compare/comparison.js';
import { cliSync, dataset, requireBuiltCli, runFile, sample, writeRunDir } from './compare-fixtures.js';

let dir: string;
const at = (name: string) => path.join(dir, name);

const compare = (...args: string[]) => cliSync('compare', ...args);

/** One error line, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^aloe-eval: /);
  expect(lines[0]).toMatch(pattern);
}

const ids = Array.from({ length: 300 }, (_, i) => `q${i}`);
const rouge = { metrics: { aci: 'rouge1' } };
const baseSamples = [
  ...ids.map((id, i) => sample('medqa', id, { score: i % 10 < 7 ? 1 : 0, metadata: { subject: i % 2 ? 'cardio' : 'neuro' } })),
  ...ids.slice(0, 40).map((id, i) => sample('aci', id, { score: 0.4 + (i % 9) / 40 }, 'open')),
];
// Candidate: the same answers, except 45 medqa questions the baseline got right are now wrong (−15 points).
let lost = 0;
const worseSamples = baseSamples.map((s) => (s.benchmark === 'medqa' && s.score === 1 && lost++ < 45 ? { ...s, score: 0, correct: false, answer: 'B' } : s));

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'aloe-compare-'));
  writeRunDir(at('base'), runFile(baseSamples, { runId: 'base', ...rouge }), baseSamples);
  writeRunDir(at('same'), runFile(baseSamples, { runId: 'same', ...rouge }), baseSamples);
  writeRunDir(at('worse'), runFile(worseSamples, { runId: 'worse', ...rouge }), worseSamples);
  writeRunDir(at('partial'), runFile(baseSamples, { runId: 'partial', status: 'interrupted', ...rouge }), baseSamples.slice(0, 100));
  const other = ids.map((id) => sample('pubmedqa', id, { score: 1 }));
  writeRunDir(at('other-bench'), runFile(other, { runId: 'other' }), other);
  const newRevision = { medqa: dataset('9'.repeat(40), 'e'.repeat(64)), aci: dataset('c0ffee' + '0'.repeat(34)) };
  writeRunDir(at('new-revision'), runFile(baseSamples, { runId: 'newrev', datasets: newRevision, ...rouge }), baseSamples);
  writeRunDir(at('other-metric'), runFile(baseSamples, { runId: 'om', metrics: { aci: 'rougeL' } }), baseSamples);
  writeFileSync(at('not-json.txt'), 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aloe-eval compare exit codes', () => {
  it('0 when nothing changed, with a table on stdout', () => {
    const r = compare(at('base'), at('same'), '--fail-on', 'regression');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^medqa\s+accuracy\s+300\s+70\.0\s+70\.0\s+0\.0 .*unchanged$/m);
    expect(r.stdout).toContain('0 regressed, 0 improved, 2 unchanged');
  });

  it('3 on a significant regression with --fail-on regression; 0 without it', () => {
    const md = at('summary/compare.md');
    const r = compare(at('base'), at('worse'), '--fail-on', 'regression', '--markdown', md);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^medqa .*REGRESSED$/m);
    expect(readFileSync(md, 'utf8')).toMatch(/^## aloe-eval compare: ❌ 1 significant regression \(medqa\)/);
    expect(compare(at('base'), at('worse')).status).toBe(0);
  });

  it('--min-effect above the drop keeps the exit code 0', () => {
    expect(compare(at('base'), at('worse'), '--fail-on', 'regression', '--min-effect', '20').status).toBe(0);
    expect(compare(at('base'), at('worse'), '--fail-on', 'regression', '--min-effect', '10').status).toBe(3);
  });

  it('--json prints the whole comparison', () => {
    const r = compare(at('base'), at('worse'), '--json', '--alpha', '0.01');
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout) as Comparison;
    expect(c.schema).toBe(COMPARE_SCHEMA);
    expect(c.alpha).toBe(0.01);
    expect(c.regressed).toEqual(['medqa']);
    expect(c.benchmarks.find((b) => b.benchmark === 'medqa')!.flips!.toWrong).toHaveLength(45);
    expect(c.benchmarks.find((b) => b.benchmark === 'aci')!.test).toBe('paired-bootstrap');
  });

  it('4 with one line for a missing dir', () => {
    const r = compare(at('nope'), at('same'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /nope: no such result directory/);
  });

  it('4 with one line for a folder that is not a result dir', () => {
    const r = compare(dir, at('same'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /no run\.json/);
  });

  it('4 with one line for a partial run', () => {
    const r = compare(at('base'), at('partial'), '--fail-on', 'regression');
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /candidate .*partial: run status is "interrupted", not complete/);
  });

  it('4 with one line for mismatched benchmarks', () => {
    const r = compare(at('base'), at('other-bench'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /no benchmark in common: baseline .* has \[medqa, aci\], candidate .* has \[pubmedqa\]/);
  });

  it('4 with one line for a different dataset revision; 0 and flagged with --allow-revision-mismatch', () => {
    const r = compare(at('base'), at('new-revision'), '--fail-on', 'regression');
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /medqa: different dataset revisions \(baseline org\/data@c0ffee000000, candidate org\/data@999999999999\)/);
    const forced = compare(at('base'), at('new-revision'), '--allow-revision-mismatch');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/warning: medqa: different dataset revisions .*compared anyway/);
  });

  it('4 with one line for different metrics', () => {
    const r = compare(at('base'), at('other-metric'));
    expect(r.status).toBe(4);
    expectOneLine(r.stderr, /aci: different metrics \(baseline rouge1, candidate rougeL\)/);
  });

  it('2 with one line for a bad flag value', () => {
    const r = compare(at('base'), at('same'), '--alpha', '5');
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /--alpha 5: expected a number between 0 and 1/);
    expect(compare(at('base'), at('same'), '--fail-on', 'anything').status).toBe(2);
  });
});
