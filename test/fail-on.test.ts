/** Issue 12 §5: `run` and `compare` take the same `--fail-on` words; compare's old "none" still works, with a deprecation line. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSync, requireBuiltCli, runFile, sample, writeRunDir } from './compare-fixtures.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';

let dir: string;
const at = (name: string) => path.join(dir, name);
const deprecation = 'aloe-eval: --fail-on none is deprecated; use --fail-on never (same meaning)';

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'aloe-fail-on-'));
  const ids = Array.from({ length: 200 }, (_, i) => `q${i}`);
  const base = ids.map((id, i) => sample('medqa', id, { score: i % 10 < 7 ? 1 : 0 }));
  let lost = 0;
  const worse = base.map((s) => (s.score === 1 && lost++ < 40 ? { ...s, score: 0, correct: false, answer: 'B' } : s));
  writeRunDir(at('base'), runFile(base, { runId: 'base' }), base);
  writeRunDir(at('worse'), runFile(worse, { runId: 'worse' }), worse);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compare --fail-on', () => {
  it('"never" exits 0 on a regression, silently; "regression" exits 3', () => {
    const never = cliSync('compare', at('base'), at('worse'), '--fail-on', 'never');
    expect(never.status).toBe(0);
    expect(never.stderr).not.toMatch(/deprecated/);
    expect(cliSync('compare', at('base'), at('worse'), '--fail-on', 'regression').status).toBe(3);
  });

  it('"none" means "never", with one deprecation line on stderr', () => {
    const none = cliSync('compare', at('base'), at('worse'), '--fail-on', 'none');
    expect(none.status).toBe(0);
    expect(none.stderr.split('\n').filter((l) => l.includes('deprecated'))).toEqual([deprecation]);
  });
});

describe.skipIf(!hasShared)('run --fail-on', () => {
  const args = (failOn: string) => {
    const out = mkdtempSync(path.join(tmpdir(), 'aloe-fail-on-run-'));
    return ['run', '--model', 'baseline:lexical', '--benchmarks', 'medqa', '--limit', '3', '--data-dir', sharedHub, '--out', out, '--no-report', '--progress', 'none', '--fail-on', failOn];
  };

  it('takes "never" silently and "none" with the same deprecation line', async () => {
    const never = await runCli(args('never'));
    expect(never.code).toBe(0);
    expect(never.stderr).not.toMatch(/deprecated/);
    const none = await runCli(args('none'));
    expect(none.code).toBe(0);
    expect(none.stderr.split('\n').filter((l) => l.includes('deprecated'))).toEqual([deprecation]);
  });

  it('refuses another word with one line naming the flag, exit 2', async () => {
    const r = await runCli(args('sometimes'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^aloe-eval: --fail-on "sometimes": .*"regression".*"never"/);
  });
});
