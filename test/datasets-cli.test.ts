/**
 * `aloe-eval list`, `datasets download` and `datasets lock`, spawned as the built CLI
 * (`npx tsc -p tsconfig.json` first; `npm test` does) against the fake Hub.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliPath as cli, repoRoot, runCli, type CliResult } from './helpers/cli.js';
import { useFixtureHub } from './helpers/dataset-fixtures.js';
import { fakeCommit } from './helpers/fake-hub.js';
import { startFakeOpenAI } from './helpers/fake-openai.js';

/** The built CLI with none of this process's HF_*, HUGGING* or ALOE_* settings: only `env`'s. */
function run(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<CliResult> {
  const cleared = Object.fromEntries(Object.keys(process.env).filter((k) => /^(HF_|HUGGING|ALOE_)/.test(k)).map((k) => [k, undefined]));
  return runCli(args, { ...cleared, ...env }, cwd);
}

describe('dataset commands (built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`build the CLI first: npx tsc -p tsconfig.json (${cli} is missing)`);
  });
  const fx = useFixtureHub();
  let env: Record<string, string>;

  beforeEach(() => {
    env = {
      HF_ENDPOINT: fx.hub.url,
      HF_HUB_CACHE: join(fx.work, 'hf'),
      ALOE_CACHE_DIR: join(fx.work, 'aloe'),
      ALOE_GITHUB_RAW_URL: `${fx.hub.url}/github`,
    };
  });

  it('list prints benchmarks (id, kind, metric, eval split, size) and suites', async () => {
    const r = await run(['list'], env, fx.work);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Benchmarks:');
    expect(lines[1]).toMatch(/^ {2}id +kind +metric +eval split +size +data +title$/);
    expect(lines[2]).toMatch(/^ {2}medqa +mcqa +accuracy +test +1273 +download +MedQA/);
    expect(r.stdout).toMatch(/\n {2}medmcqa +mcqa +accuracy +validation +4183 +download /);
    expect(r.stdout).toMatch(/\n {2}aci-bench +open +rouge +test +120 +download /);
    expect(r.stdout).toMatch(/\n {2}biored +open +rouge-relations +test +\? +download /);
    expect(r.stdout).toMatch(/\n {2}mimic-iii-hospital-course +open +rouge +test +\? +gated /);
    expect(r.stdout).toMatch(/\n {2}gpqa-diamond +mcqa +accuracy +train +198 +gated /); // terms to accept on the Hub, not credentialed
    expect(r.stdout).toMatch(/\n {2}aloe-risks +safety +harmful_compliance +test +240 +offline \(package\) /);
    expect(r.stdout).toMatch(/\n {2}safety +med-safety-bench, xstest, aloe-risks\n/);
    expect(r.stdout).toMatch(/\nSuites:\n {2}mcqa +medqa, medmcqa, pubmedqa, mmlu-anatomy/);
    const json = JSON.parse((await run(['list', '--json'], env, fx.work)).stdout);
    expect(json.benchmarks).toHaveLength(readdirSync(join(repoRoot, 'benchmarks')).filter((f) => f.endsWith('.yaml') && f !== 'suites.yaml').length);
    expect(json.suites['mmlu-medical']).toHaveLength(6);
    expect(fx.hub.requests).toEqual([]); // availability is read from the disk only
  });

  it('list: data column says offline (cache) after a download, offline (data-dir) for a mirror, offline (file) for --file', async () => {
    expect((await run(['datasets', 'download', '--benchmarks', 'medqa'], env, fx.work)).code).toBe(0);
    const cached = await run(['list'], env, fx.work);
    expect(cached.stdout).toMatch(/\n {2}medqa +mcqa +accuracy +test +1273 +offline \(cache\) +MedQA/);
    expect(cached.stdout).toMatch(/\n {2}pubmedqa +mcqa +accuracy +test +500 +download /);
    const local = join(fx.work, 'notes.csv');
    writeFileSync(local, 'text,summary\nSynthetic note.,Synthetic course.\n');
    const mirrored = await run(['list', '--data-dir', fx.mirror, '--file', `mimic-iii-hospital-course=${local}`], env, fx.work);
    expect(mirrored.code, mirrored.stderr).toBe(0);
    expect(mirrored.stdout).toMatch(/\n {2}pubmedqa +mcqa +accuracy +test +500 +offline \(data-dir\) /);
    expect(mirrored.stdout).toMatch(/\n {2}mimic-iii-hospital-course +open +rouge +test +\? +offline \(file\) /);
    const json = JSON.parse((await run(['list', '--json'], env, fx.work)).stdout);
    expect(json.benchmarks.find((b: { id: string }) => b.id === 'medqa').data).toEqual({ state: 'offline', from: 'cache' });
  });

  it('datasets download: progress on stderr, one summary line per split on stdout (no library chatter)', async () => {
    const r = await run(['datasets', 'download', '--benchmarks', 'medqa,pubmedqa'], env, fx.work);
    expect(r.stderr).toContain('aloe-eval: downloading GBaker/MedQA-USMLE-4-options/phrases_no_exclude_test.jsonl');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `medqa\ttest\t3 rows\thub:GBaker/MedQA-USMLE-4-options@${fakeCommit('GBaker/MedQA-USMLE-4-options', 'main')}`,
      `medqa\ttrain\t2 rows\thub:GBaker/MedQA-USMLE-4-options@${fakeCommit('GBaker/MedQA-USMLE-4-options', 'main')}`,
      `pubmedqa\ttest\t3 rows\thub:bigbio/pubmed_qa@${fakeCommit('bigbio/pubmed_qa', 'refs/convert/parquet')}`,
      `pubmedqa\ttrain\t1 rows\thub:bigbio/pubmed_qa@${fakeCommit('bigbio/pubmed_qa', 'refs/convert/parquet')}`,
      `pubmedqa\tvalidation\t1 rows\thub:bigbio/pubmed_qa@${fakeCommit('bigbio/pubmed_qa', 'refs/convert/parquet')}`,
    ]);
    // HF_HUB_OFFLINE=1 afterwards: served from the cache, no request.
    fx.hub.requests.length = 0;
    const offline = await run(['datasets', 'download', '--benchmarks', 'medqa'], { ...env, HF_HUB_OFFLINE: '1' }, fx.work);
    expect(offline.code, offline.stderr).toBe(0);
    expect(fx.hub.requests).toEqual([]);
  });

  it('datasets lock writes ./aloe-eval.lock.json, which later commands honour', async () => {
    const r = await run(['datasets', 'lock', '--benchmarks', 'careqa'], env, fx.work);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`aloe-eval: wrote aloe-eval.lock.json`);
    const lock = JSON.parse(readFileSync(join(fx.work, 'aloe-eval.lock.json'), 'utf8'));
    expect(lock.schema).toBe('aloe-eval/lock@1');
    expect(Object.keys(lock.benchmarks)).toEqual(['careqa', 'medmcqa']);
    expect(lock.benchmarks.careqa.revision).toBe(fakeCommit('HPAI-BSC/CareQA', 'main'));
    lock.benchmarks.careqa.files['CareQA_en.json'] = '1'.repeat(64);
    writeFileSync(join(fx.work, 'aloe-eval.lock.json'), JSON.stringify(lock));
    const violated = await run(['datasets', 'download', '--benchmarks', 'careqa'], env, fx.work);
    expect(violated.code, violated.stderr).toBe(2);
    expect(violated.stderr).toMatch(/^aloe-eval: HPAI-BSC\/CareQA\/CareQA_en.json: sha256 is [0-9a-f]{64} but the lock file aloe-eval.lock.json expects 1{64}; .*datasets lock --benchmarks careqa/m);
    const elsewhere = await run(['datasets', 'download', '--benchmarks', 'careqa', '--lock', join(fx.work, 'none.json')], env, fx.work);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
  });

  it('--data-dir (or ALOE_DATA_DIR) reads the mirror and never calls the Hub', async () => {
    const dead = { ...env, HF_ENDPOINT: 'http://127.0.0.1:1' };
    const flag = await run(['datasets', 'download', '--benchmarks', 'mmlu-anatomy', '--data-dir', fx.mirror], dead, fx.work);
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stdout).toContain('mmlu-anatomy\ttest\t2 rows\tlocal:cais/mmlu@main');
    const fromEnv = await run(['datasets', 'download', '--benchmarks', 'mmlu-anatomy'], { ...dead, ALOE_DATA_DIR: fx.mirror }, fx.work);
    expect(fromEnv.stdout).toBe(flag.stdout);
    expect(fx.hub.requests).toEqual([]);
  });

  it('run downloads the data while the endpoint answers its preflight, not after', async () => {
    let hubAskedFirst = false;
    const server = await startFakeOpenAI({
      models: ['m'],
      reply: () => 'Answer: A',
      // /v1/models answers once the Hub has been asked for the data (at the latest after 5 s).
      beforeModels: async () => {
        for (let waited = 0; fx.hub.requests.length === 0 && waited < 5000; waited += 10) await sleep(10);
        hubAskedFirst = fx.hub.requests.length > 0;
      },
    });
    try {
      const r = await run(['run', '--benchmarks', 'medqa', '--endpoint', server.url, '--no-report', '--out', join(fx.work, 'out')], env, fx.work);
      expect(r.code, r.stderr).toBe(0);
      expect(hubAskedFirst).toBe(true);
      expect(server.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('bad input: exit 2 and one line', async () => {
    const suite = await run(['datasets', 'download', '--suite', 'mcqq'], env, fx.work);
    expect(suite.code, suite.stderr).toBe(2);
    expect(suite.stderr).toBe('aloe-eval: unknown suite "mcqq" (known: mcqa, open, mmlu-medical, general, bbh, gpqa, musr, bbh-cot, aloe-card, safety); fix --suite\n');
    const offline = await run(['datasets', 'download', '--benchmarks', 'medqa', '--offline'], env, fx.work);
    expect(offline.code, offline.stderr).toBe(2);
    expect(offline.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(offline.stderr).toMatch(/not in the Hugging Face cache .* offline mode/);
    const token = await run(['datasets', 'download', '--benchmarks', 'medqa'], { ...env, HF_TOKEN: 'abc' }, fx.work);
    expect(token.code, token.stderr).toBe(2);
    expect(token.stderr).toMatch(/HF_TOKEN\) must start with "hf_"/);
  });
});
