/**
 * The nightly workflow cannot run here (no GitHub, no model server), so test what can be:
 * it is valid YAML with the schedule and steps the README promises, every aloe-eval command
 * and flag it calls exists in the built CLI, and its shell steps (locate the run, compare,
 * write the job summary, exit code) do the right thing on real result dirs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliSync, requireBuiltCli, runFile, sample, writeRunDir } from './compare-fixtures.js';
import { repoRoot } from './helpers/cli.js';

const workflowFile = path.join(repoRoot, '.github', 'workflows', 'nightly.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
}
interface Workflow {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  env?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, { steps: Step[]; 'continue-on-error'?: unknown }>;
}

const workflow = parse(readFileSync(workflowFile, 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const step = (name: string): Step => {
  const s = steps.find((x) => x.name === name);
  if (!s) throw new Error(`nightly.yml has no step named "${name}"`);
  return s;
};

describe('nightly.yml', () => {
  it('runs on a schedule and by hand', () => {
    const cron = workflow.on.schedule?.[0]?.cron ?? '';
    const fields = cron.trim().split(/\s+/);
    expect(fields).toHaveLength(5);
    expect(fields[0]).toMatch(/^\d+$/); // a fixed minute, not every minute
    expect(fields[1]).toMatch(/^\d+$/); // a fixed hour: once a day
    expect('workflow_dispatch' in workflow.on).toBe(true);
  });

  it('installs with npm ci, builds, and restores the response and dataset caches', () => {
    expect(steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    const cached = steps.filter((s) => s.uses?.startsWith('actions/cache@')).map((s) => String(s.with?.path));
    expect(cached).toContain('~/.cache/aloe-eval');
    expect(cached).toContain('~/.cache/huggingface');
    const runs = steps.map((s) => s.run?.trim());
    expect(runs).toContain('npm ci');
    expect(runs.indexOf('npm ci')).toBeLessThan(runs.indexOf('npm run build'));
  });

  it('takes the endpoint and key from secrets, never from the file', () => {
    const evaluate = step('Evaluate');
    expect(evaluate.env?.ALOE_ENDPOINT).toMatch(/^\$\{\{\s*secrets\.\w+\s*\}\}$/);
    expect(evaluate.env?.OPENAI_API_KEY).toMatch(/^\$\{\{\s*secrets\.\w+\s*\}\}$/);
    expect(readFileSync(workflowFile, 'utf8')).not.toMatch(/https?:\/\/(?!vllm\.example\.org)[\w.-]+\.\w+\/v1/);
  });

  it('runs the suite, compares with --fail-on regression, writes the job summary, uploads always', () => {
    expect(step('Evaluate').run).toMatch(/npx aloe-eval run --suite "\$SUITE" --out "\$OUT"/);
    expect(workflow.env?.OUT).toBe('results/nightly');
    const compare = step('Compare with the baseline');
    expect(compare.run).toMatch(/npx aloe-eval compare "\$BASELINE" "\$RUN_DIR" --markdown "\$SUMMARY_MD" --fail-on regression/);
    expect(compare.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(compare['continue-on-error']).toBeUndefined();
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    expect(String(upload?.with?.path)).toContain('results/nightly');
    expect(workflow.defaults?.run?.shell).toBe('bash');
  });

  describe('the commands it calls exist in the CLI', () => {
    // Every `npx aloe-eval <command> …` line, with the flags it passes.
    const calls = steps
      .flatMap((s) => (s.run ?? '').split('\n'))
      .map((line) => /npx aloe-eval\s+(\w[\w-]*)(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ command: m[1], flags: [...m[2].matchAll(/(?:^|[\s+])(--[a-z][\w-]*)/g)].map((f) => f[1]) }));

    it('finds run and compare calls', () => {
      expect(calls.map((c) => c.command).sort()).toEqual(['compare', 'run']);
      expect(calls.find((c) => c.command === 'run')!.flags).toEqual(['--suite', '--out', '--history', '--progress', '--model']);
    });

    it.each(calls)('aloe-eval $command accepts every flag the workflow passes', ({ command, flags }) => {
      requireBuiltCli();
      const r = cliSync(command, '--help');
      expect(r.status).toBe(0);
      for (const flag of flags) expect(r.stdout, `${command} ${flag}`).toMatch(new RegExp(`(^|[\\s,])${flag}(?![\\w-])`, 'm'));
    });
  });
});

describe('nightly.yml shell steps on real result dirs', () => {
  let dir: string;
  const at = (name: string) => path.join(dir, name);
  const ids = Array.from({ length: 400 }, (_, i) => `q${i}`);
  const base = ids.map((id, i) => sample('medqa', id, { score: i % 10 < 7 ? 1 : 0 }));
  let dropped = 0;
  const worse = base.map((s) => (s.score === 1 && dropped++ < 40 ? { ...s, score: 0 } : s));

  beforeAll(() => {
    requireBuiltCli();
    dir = mkdtempSync(path.join(tmpdir(), 'aloe-nightly-'));
    writeRunDir(at('baselines/nightly'), runFile(base, { runId: 'baseline' }), base);
    writeRunDir(at('out-same/20261101-020000-aloe-plain'), runFile(base, { runId: 'same' }), base);
    writeRunDir(at('out-worse/20261101-020000-aloe-plain'), runFile(worse, { runId: 'worse' }), worse);
    // Two runs in one out folder: the newest is the one compared.
    writeRunDir(at('out-two/20261031-020000-aloe-plain'), runFile(worse, { runId: 'old' }), worse);
    writeRunDir(at('out-two/20261101-020000-aloe-plain'), runFile(base, { runId: 'new' }), base);
    const old = new Date('2026-10-31T02:00:00Z');
    utimesSync(at('out-two/20261031-020000-aloe-plain/run.json'), old, old);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a step's script as GitHub does (bash -eo pipefail), with the workflow's env overridden for the test. */
  function runStep(name: string, env: Record<string, string>) {
    const script = at(`step-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(script, step(name).run!);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: repoRoot, // `npx aloe-eval` resolves to this package's own bin here, as in the checked-out repo
      encoding: 'utf8',
      env: { ...process.env, MIN_EFFECT: '1', GITHUB_ENV: at('github-env'), GITHUB_STEP_SUMMARY: at('step-summary.md'), ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function locate(out: string): string {
    writeFileSync(at('github-env'), '');
    expect(runStep('Locate the new run', { OUT: at(out) }).status).toBe(0);
    const m = /^RUN_DIR=(.*)$/m.exec(readFileSync(at('github-env'), 'utf8'));
    return m![1];
  }

  it('locates the newest run dir under OUT, and fails when there is none', () => {
    expect(locate('out-two')).toBe(at('out-two/20261101-020000-aloe-plain'));
    mkdirSync(at('out-empty'));
    const r = runStep('Locate the new run', { OUT: at('out-empty') });
    expect(r.status).toBe(4);
    expect(r.stdout).toContain('::error::no run.json under');
  });

  it('passes and writes the summary when nothing regressed', () => {
    writeFileSync(at('step-summary.md'), '');
    const r = runStep('Compare with the baseline', { BASELINE: at('baselines/nightly'), RUN_DIR: locate('out-same'), SUMMARY_MD: at('s1.md') });
    expect(r.status).toBe(0);
    expect(readFileSync(at('step-summary.md'), 'utf8')).toMatch(/^## aloe-eval compare: ✅ no significant regression/);
  });

  it('fails with exit 3 on a significant regression, after writing the summary', () => {
    writeFileSync(at('step-summary.md'), '');
    const r = runStep('Compare with the baseline', { BASELINE: at('baselines/nightly'), RUN_DIR: locate('out-worse'), SUMMARY_MD: at('s2.md') });
    expect(r.status).toBe(3);
    expect(readFileSync(at('step-summary.md'), 'utf8')).toMatch(/❌ 1 significant regression \(medqa\)/);
  });

  it('fails with exit 4 and says so in the summary when the baseline is missing', () => {
    writeFileSync(at('step-summary.md'), '');
    const r = runStep('Compare with the baseline', { BASELINE: at('baselines/none'), RUN_DIR: locate('out-same'), SUMMARY_MD: at('s3.md') });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/no such result directory/);
    expect(readFileSync(at('step-summary.md'), 'utf8')).toMatch(/exited 4 before writing a summary/);
  });
});
