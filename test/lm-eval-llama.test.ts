/**
 * Against a real llama.cpp server (the tiny model in ../shared/models), where a llama-server binary
 * is at hand ($ALOE_LLAMA_SERVER or the cached build of scripts/llama-server.mjs): it ignores `echo`,
 * so `--strategy loglik` must be refused before any sample, `lm-eval-gen` must run, and a prompt
 * longer than the server's context must be a per-sample `prompt-too-long` error.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModel, findLlamaServer, startLlamaServer } from '../scripts/llama-server.mjs';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';

const binary = (() => {
  try {
    return findLlamaServer() as string | null;
  } catch {
    return null;
  }
})();

const onlyRun = (out: string) => readRun(runDirsUnder(out)[0]);

describe.skipIf(!binary || !hasShared || !existsSync(defaultModel))('lm-eval strategies against llama.cpp\'s server', () => {
  let server: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    server = await startLlamaServer({ binary: binary! });
  }, 90_000);
  afterAll(() => server?.stop());

  const run = (args: string[]) => {
    const out = mkdtempSync(join(tmpdir(), 'aloe-lmeval-llama-'));
    const done = runCli(['run', ...args, '--endpoint', `${server.url}/v1`, '--data-dir', sharedHub, '--out', out, '--no-cache', '--no-report', '--progress', 'none']);
    return done.then((r) => ({ ...r, out }));
  };

  it('loglik is refused at preflight (echo ignored), exit 2, pointing at lm-eval-gen', async () => {
    const r = await run(['--benchmarks', 'mmlu-anatomy', '--strategy', 'loglik', '--limit', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--strategy loglik needs prompt logprobs.*logprobs cover 1 tokens.*--strategy lm-eval-gen/);
    expect(readdirSync(r.out)).toEqual([]);
  });

  it('lm-eval-gen runs: every sample sent once with the lm-eval prompt, scored or unparsed, none errored', async () => {
    const r = await run(['--benchmarks', 'mmlu-anatomy', '--strategy', 'lm-eval-gen', '--limit', '3']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const { run: runFile, samples } = onlyRun(r.out);
    expect(runFile.results['mmlu-anatomy'].n).toBe(3);
    for (const s of samples) {
      expect(s.error).toBeUndefined();
      expect(s.attempts).toHaveLength(1);
      expect(s.attempts[0].prompt).toMatch(/^The following are multiple choice questions \(with answers\) about anatomy\.\n\n[\s\S]*\nAnswer:$/);
      expect(s.answer === null ? s.unparsed : true).toBe(true);
    }
  });

  it('a prompt longer than the server\'s context is a per-sample prompt-too-long error, not a score', async () => {
    // PubMedQA abstracts are longer than the tiny model's 512-token slots.
    const r = await run(['--benchmarks', 'pubmedqa', '--strategy', 'lm-eval-gen', '--limit', '2']);
    const { samples } = onlyRun(r.out);
    const tooLong = samples.filter((s) => s.error?.kind === 'prompt-too-long');
    expect(tooLong.length).toBeGreaterThan(0);
    for (const s of tooLong) {
      expect(s.answer).toBeNull();
      expect(s.score).toBe(0);
    }
  });
});
