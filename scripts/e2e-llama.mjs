#!/usr/bin/env node
// End-to-end against llama.cpp's real llama-server (issue 9): `npm run e2e:llama`.
//
// Obtains llama-server (scripts/llama-server.mjs: $ALOE_LLAMA_SERVER, the cached build, or a fresh
// build), serves ../shared/models/tiny-fortunes-q8_0.gguf, runs the built CLI on a small slice of
// the mcqa suite with each strategy through chat and text completions, and checks the result files
// for real: exit code, no sample lost, every sample scored or carrying a recorded error, token
// usage that adds up (and matches the server's own counters), and the loglik preflight refusal.
// Exits 1 when any check fails or the server cannot be started.
//
// Flags: --limit N (default 3)  --benchmarks a,b,c  --strategies plain,medprompt  --keep  --no-build
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultModel, findLlamaServer, obtainLlamaServer, repoRoot, sharedDir, startLlamaServer } from './llama-server.mjs';

export const DEFAULT_BENCHMARKS = ['medqa', 'medmcqa', 'pubmedqa', 'mmlu-anatomy', 'careqa'];
export const DEFAULT_STRATEGIES = ['plain', 'medprompt'];
const APIS = ['chat', 'completions'];
// The tiny model answers nothing useful; a short reply keeps every call inside its context.
const MAX_TOKENS = 48;
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');

/** Spawns the built CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runCli(args, { timeoutMs = 20 * 60_000, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const sum = (records, pick) => records.reduce((t, r) => t + pick(r), 0);

/**
 * Checks one finished run folder against what was asked. Returns failure messages (empty = pass)
 * and counts for the summary. `expected` maps benchmark id → number of samples asked for.
 */
export function checkRunDir(runDir, { expected, strategy, api }) {
  const failures = [];
  const fail = (msg) => failures.push(msg);
  const counts = { samples: 0, scored: 0, errors: 0, unparsed: 0, calls: 0, promptTokens: 0, completionTokens: 0 };
  const runFile = path.join(runDir, 'run.json');
  const samplesFile = path.join(runDir, 'samples.jsonl');
  if (!existsSync(runFile) || !existsSync(samplesFile)) return { failures: [`${runDir} lacks run.json or samples.jsonl`], counts };
  const run = JSON.parse(readFileSync(runFile, 'utf8'));
  const lines = readFileSync(samplesFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const records = [];
  lines.forEach((line, i) => {
    try {
      records.push(JSON.parse(line));
    } catch {
      fail(`samples.jsonl line ${i + 1} is not JSON`);
    }
  });

  if (run.status !== 'complete') fail(`run.json status is "${run.status}", expected "complete"`);
  if (run.spec?.strategy?.name !== strategy) fail(`run.json spec.strategy.name is "${run.spec?.strategy?.name}", expected "${strategy}"`);
  if (run.spec?.api !== api) fail(`run.json spec.api is "${run.spec?.api}", expected "${api}"`);

  // No sample lost, none duplicated, per benchmark.
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  if (records.length !== total) fail(`samples.jsonl has ${records.length} samples, expected ${total}`);
  const seen = new Set();
  for (const r of records) {
    const key = `${r.benchmark}/${r.id}`;
    if (seen.has(key)) fail(`sample ${key} appears twice`);
    seen.add(key);
  }
  for (const [bench, n] of Object.entries(expected)) {
    const got = records.filter((r) => r.benchmark === bench).length;
    if (got !== n) fail(`${bench}: ${got} samples in samples.jsonl, expected ${n}`);
    const res = run.results?.[bench];
    if (!res) fail(`run.json has no result for ${bench}`);
    else if (res.n !== n) fail(`run.json results.${bench}.n is ${res.n}, expected ${n}`);
  }

  // Every sample is scored or carries a recorded error; per-sample usage adds up over its attempts.
  for (const r of records) {
    const key = `${r.benchmark}/${r.id}`;
    const attempts = Array.isArray(r.attempts) ? r.attempts : [];
    if (r.error) {
      counts.errors++;
      if (typeof r.error.kind !== 'string' || !r.error.kind || typeof r.error.message !== 'string' || !r.error.message) {
        fail(`${key}: error without kind and message: ${JSON.stringify(r.error)}`);
      }
    } else {
      counts.scored++;
      // A failed request is kept as an attempt with an `error` (and a sample error), so one that
      // went through is what a scored sample needs.
      if (!attempts.some((a) => !a.error)) fail(`${key}: no error and no ${attempts.length ? 'successful ' : ''}attempt`);
      if (typeof r.score !== 'number' || !Number.isFinite(r.score)) fail(`${key}: score ${r.score} is not a number`);
      if (r.kind === 'mcqa' && typeof r.correct !== 'boolean') fail(`${key}: no "correct" field`);
      if (r.kind === 'mcqa' && r.answer == null && r.unparsed !== true) fail(`${key}: no answer, yet neither unparsed nor errored`);
      if (r.unparsed) counts.unparsed++;
    }
    for (const [i, a] of attempts.entries()) {
      if (a.cached) continue;
      // The route the attempt went through must be the one asked for.
      if (api === 'chat' && !Array.isArray(a.messages)) fail(`${key}: attempt ${i} has no messages under --api chat`);
      if (api === 'completions' && typeof a.prompt !== 'string') fail(`${key}: attempt ${i} has no prompt under --api completions`);
      if (!a.error && !(a.usage?.promptTokens > 0)) fail(`${key}: attempt ${i} reports ${a.usage?.promptTokens} prompt tokens`);
    }
    const u = r.usage ?? {};
    const pt = sum(attempts, (a) => a.usage?.promptTokens ?? 0);
    const ct = sum(attempts, (a) => a.usage?.completionTokens ?? 0);
    if (u.promptTokens !== pt || u.completionTokens !== ct) {
      fail(`${key}: usage ${u.promptTokens}/${u.completionTokens} ≠ sum over its attempts ${pt}/${ct}`);
    }
    counts.calls += u.calls ?? 0;
    counts.promptTokens += u.promptTokens ?? 0;
    counts.completionTokens += u.completionTokens ?? 0;
  }
  counts.samples = records.length;
  if (counts.scored === 0) fail('no sample was scored: the run proves nothing');

  // run.json totals, overall and per benchmark, equal the sums over samples.
  const ru = run.usage ?? {};
  for (const field of ['calls', 'promptTokens', 'completionTokens']) {
    if (ru[field] !== counts[field]) fail(`run.json usage.${field} is ${ru[field]}, the samples sum to ${counts[field]}`);
  }
  if (!(counts.promptTokens > 0) || !(counts.completionTokens > 0)) fail(`token totals are not positive: ${counts.promptTokens} prompt, ${counts.completionTokens} completion`);
  for (const bench of Object.keys(expected)) {
    const res = run.results?.[bench];
    if (!res) continue;
    const mine = records.filter((r) => r.benchmark === bench);
    const pt = sum(mine, (r) => r.usage?.promptTokens ?? 0);
    const ct = sum(mine, (r) => r.usage?.completionTokens ?? 0);
    if (res.usage?.promptTokens !== pt || res.usage?.completionTokens !== ct) {
      fail(`run.json results.${bench}.usage ${res.usage?.promptTokens}/${res.usage?.completionTokens} ≠ its samples' ${pt}/${ct}`);
    }
    const errs = mine.filter((r) => r.error).length;
    if (res.errors !== errs) fail(`run.json results.${bench}.errors is ${res.errors}, samples.jsonl has ${errs}`);
  }
  return { failures, counts, cachedCalls: ru.cachedCalls ?? 0 };
}

/** llama-server's Prometheus counters (started with --metrics). */
export async function serverCounters(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (name) => Number(text.match(new RegExp(`^llamacpp:${name} (\\S+)$`, 'm'))?.[1] ?? NaN);
  return { prompt: get('prompt_tokens_total') + get('prompt_tokens_cached_total'), predicted: get('tokens_predicted_total') };
}

/** Benchmark id → samples `--limit` gives, from `aloe-eval list --json` (fewer when a split is small). */
async function expectedCounts(benchmarks, limit) {
  const r = await runCli(['list', '--json']);
  if (r.code !== 0) throw new Error(`aloe-eval list --json failed (${r.code}): ${r.stderr.trim()}`);
  const sizes = new Map(JSON.parse(r.stdout).benchmarks.map((b) => [b.id, b.size]));
  return Object.fromEntries(benchmarks.map((b) => {
    if (!sizes.has(b)) throw new Error(`unknown benchmark ${b}`);
    return [b, Math.min(limit, sizes.get(b))];
  }));
}

/** A module of src/, for the few internals this check needs (it runs under tsx, or vitest, both of which load TypeScript). */
const source = (file) => import(path.join(repoRoot, 'src', file));

/**
 * Medprompt needs an example pool: chain-of-thought rationales that reach the gold answer. The tiny
 * model never writes one (`medprompt build-pool` keeps 0 of N and writes nothing), so the e2e
 * writes the pool itself, where runs look for it (<cache>/pools/<benchmark>/<split>/tiny.jsonl):
 * the first `size` real rows of each pool split, each with a placeholder rationale ending in its
 * gold letter. Returns benchmark → null (pool ready) or why it cannot have one.
 */
export async function writeFixturePools(benchmarks, cacheDir, size = 12) {
  const [{ loadPoolSamples }, { writePool, defaultPoolPath, POOL_SCHEMA }, { cotPromptHash }, { systemPromptText }, { version }] = await Promise.all([
    source('datasets/index.ts'), source('strategies/pools/pool.ts'), source('strategies/pools/pool-build.ts'), source('runner/plan.ts'), source('version.ts'),
  ]);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const status = {};
  for (const bench of benchmarks) {
    let pool;
    try {
      pool = await loadPoolSamples(bench, { dataDir: path.join(sharedDir, 'datasets', 'hub'), offline: true, cacheDir });
    } catch (err) {
      status[bench] = err.message.split('\n')[0];
      continue;
    }
    const split = pool.splits[0];
    const items = pool.samples.slice(0, size).map((s) => {
      const order = s.options.map((o) => o.key);
      const letter = letters[order.indexOf(s.answer)];
      const rationale = `(e2e fixture: a placeholder for the model's reasoning.) Answer: ${letter}`;
      return { id: s.id, question: s.question, ...(s.context ? { context: s.context } : {}), options: s.options, answer: s.answer, order, rationale };
    });
    const header = {
      schema: POOL_SCHEMA, benchmark: pool.benchmark, split, model: 'tiny', template: 'mcqa-cot',
      promptHash: cotPromptHash(systemPromptText(undefined)), temperature: 0, maxTokens: MAX_TOKENS,
      createdAt: new Date().toISOString(), aloeEvalVersion: version,
      counts: { total: items.length, kept: items.length, dropped: { unparsed: 0, wrong: 0, error: 0 } },
    };
    writePool(defaultPoolPath(cacheDir, pool.benchmark, split, 'tiny'), header, items);
    status[bench] = null;
  }
  return status;
}

async function registeredStrategies() {
  const mod = await source('strategies/registry.ts');
  return mod.strategyNames();
}

function runArgs({ url, benchmarks, limit, strategy, api, out, cacheDir, extra = [] }) {
  return [
    'run', '--endpoint', `${url}/v1`, '--model', 'tiny', '--benchmarks', benchmarks.join(','), '--limit', String(limit),
    '--strategy', strategy, '--api', api, '--data-dir', path.join(sharedDir, 'datasets', 'hub'), '--out', out,
    '--cache-dir', cacheDir, '--max-tokens', String(MAX_TOKENS), '--concurrency', '4', '--progress', 'none', '--no-report', ...extra,
  ];
}

/** The newest folder under `out` that holds a run.json. */
function runDirIn(out) {
  if (!existsSync(out)) return null;
  const dirs = readdirSync(out).map((d) => path.join(out, d)).filter((d) => existsSync(path.join(d, 'run.json')));
  return dirs.sort().at(-1) ?? null;
}

/**
 * The whole check. `log` prints progress; returns {ok, rows} where each row is one line of the summary.
 * The server for each strategy is started here and always stopped.
 */
export async function runE2E({ binary, benchmarks = DEFAULT_BENCHMARKS, strategies = DEFAULT_STRATEGIES, apis = APIS, limit = 3, keep = false, log = console.log } = {}) {
  const work = mkdtempSync(path.join(tmpdir(), 'aloe-e2e-llama-'));
  const rows = [];
  const record = (name, ok, detail) => {
    rows.push({ name, ok, detail });
    log(`${ok === null ? 'SKIP' : ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  };
  try {
    // First: the server starts, and serves the model under the alias the runs ask for.
    const smoke = await startLlamaServer({ binary });
    try {
      const models = await (await fetch(`${smoke.url}/v1/models`)).json();
      const ids = (models.data ?? []).map((m) => m.id);
      record('llama-server starts and serves "tiny"', ids.includes('tiny'), `GET /v1/models lists ${JSON.stringify(ids)}`);
    } finally {
      await smoke.stop();
    }
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
    const expected = await expectedCounts(benchmarks, limit);
    const known = await registeredStrategies();
    for (const strategy of strategies) {
      if (!known.includes(strategy)) {
        record(`${strategy} (chat, completions)`, null, `strategy not registered in this build (known: ${known.join(', ')})`);
        continue;
      }
      // plain runs on the stock server (512-token slots, as ../shared/models/README.md serves it):
      // long PubMedQA/MedQA prompts overflow it, so some samples end in recorded errors.
      // Few-shot strategies get 4,096-token slots (the model's 512 lifted) and an embeddings route.
      const fewShot = strategy !== 'plain';
      const cacheDir = path.join(work, 'cache');
      let runBenchmarks = benchmarks;
      if (fewShot) {
        const pools = await writeFixturePools(benchmarks, cacheDir);
        runBenchmarks = benchmarks.filter((b) => pools[b] === null);
        for (const [b, why] of Object.entries(pools)) if (why) record(`${strategy} on ${b}`, null, `no example pool: ${why}`);
        if (runBenchmarks.length === 0) continue;
      }
      const want = Object.fromEntries(runBenchmarks.map((b) => [b, expected[b]]));
      const server = await startLlamaServer({
        binary,
        embeddings: fewShot,
        ctxPerSlot: fewShot ? 4096 : undefined,
        extraArgs: ['--metrics'],
      });
      try {
        if (strategy === 'medprompt') {
          // The real pool-building path, against the real server: every question asked, none lost.
          const n = 4;
          const r = await runCli(['medprompt', 'build-pool', '--benchmark', runBenchmarks[0], '--limit', String(n), '--endpoint', `${server.url}/v1`, '--model', 'tiny',
            '--data-dir', path.join(sharedDir, 'datasets', 'hub'), '--cache-dir', cacheDir, '--max-tokens', String(MAX_TOKENS), '--out', path.join(work, 'built-pool.jsonl')],
          { env: { ALOE_CACHE_DIR: cacheDir } });
          const kept = r.stderr.match(/kept (\d+) of (\d+) rationales/);
          const ok = (r.code === 0 || r.code === 1) && kept && Number(kept[2]) === n && !/\n\s+at /.test(r.stderr);
          record(`medprompt build-pool on ${runBenchmarks[0]}`, Boolean(ok), kept ? `${kept[0]} (exit ${r.code}; the tiny model writes no usable rationale, so the runs use a fixture pool)` : `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        }
        for (const api of apis) {
          const name = `${strategy} via ${api}`;
          const out = path.join(work, `${strategy}-${api}`);
          const extra = fewShot ? ['--embeddings-endpoint', `${server.url}/v1`, '--embeddings-model', 'tiny', '--k', '3'] : [];
          const before = await serverCounters(server.url);
          const r = await runCli(runArgs({ url: server.url, benchmarks: runBenchmarks, limit, strategy, api, out, cacheDir, extra }), { env: { ALOE_CACHE_DIR: cacheDir } });
          const after = await serverCounters(server.url);
          if (r.code !== 0) {
            record(name, false, `exit code ${r.code} after ${r.seconds.toFixed(1)} s: ${(r.stderr.trim() || r.stdout.trim()).split('\n').slice(-5).join(' | ')}`);
            continue;
          }
          const dir = runDirIn(out);
          if (!dir) {
            record(name, false, `exit code 0 but no run folder under ${out}`);
            continue;
          }
          const { failures, counts, cachedCalls } = checkRunDir(dir, { expected: want, strategy, api });
          const detail = `${counts.samples} samples (${counts.scored} scored, ${counts.unparsed} of them unparsed; ${counts.errors} recorded errors), ${counts.calls} calls, ${counts.promptTokens}+${counts.completionTokens} tokens, ${r.seconds.toFixed(1)} s`;
          record(name, failures.length === 0, failures.length ? `${failures.slice(0, 8).join('; ')}${failures.length > 8 ? ` (+${failures.length - 8} more)` : ''}` : detail);
          // The server's own counters must agree with the usage the run recorded: a request sent but
          // not accounted for (a discarded retry, say) shows up here. Prompt tokens only for plain:
          // other strategies also send embedding requests, which the server counts as prompt tokens.
          if (cachedCalls === 0) {
            const mismatch = [];
            const predicted = after.predicted - before.predicted;
            if (predicted !== counts.completionTokens) mismatch.push(`server generated ${predicted} tokens, the run recorded ${counts.completionTokens}`);
            const prompt = after.prompt - before.prompt;
            if (!fewShot && prompt !== counts.promptTokens) mismatch.push(`server read ${prompt} prompt tokens, the run recorded ${counts.promptTokens}`);
            record(`${name}: usage = server's token counters`, mismatch.length === 0, mismatch.join('; '));
          }
        }
      } finally {
        await server.stop();
      }
    }

    // loglik needs prompt logprobs (echo); llama-server ignores echo, so preflight must refuse:
    // exit 2, one line on stderr, no stack trace, no sample written.
    const server = await startLlamaServer({ binary });
    try {
      const out = path.join(work, 'loglik');
      const r = await runCli(runArgs({ url: server.url, benchmarks: benchmarks.slice(0, 1), limit, strategy: 'loglik', api: 'completions', out, cacheDir: path.join(work, 'cache') }));
      const errLines = r.stderr.trim().split('\n').filter((l) => l.trim() !== '');
      const problems = [];
      if (r.code !== 2) problems.push(`exit code ${r.code}, expected 2`);
      if (errLines.length !== 1) problems.push(`stderr has ${errLines.length} lines, expected 1: ${r.stderr.trim().slice(0, 300)}`);
      if (/\n\s+at /.test(r.stderr)) problems.push('stderr holds a stack trace');
      const dir = runDirIn(out);
      if (dir && existsSync(path.join(dir, 'samples.jsonl')) && readFileSync(path.join(dir, 'samples.jsonl'), 'utf8').trim() !== '') {
        problems.push(`samples were written to ${dir}`);
      }
      record('loglik refused at preflight', problems.length === 0, problems.length ? problems.join('; ') : errLines[0]);
    } finally {
      await server.stop();
    }
  } finally {
    if (keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  return { ok: rows.every((r) => r.ok !== false), rows };
}

function parseArgs(argv) {
  const opts = { build: true, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit') opts.limit = Number(argv[++i]);
    else if (a === '--benchmarks') opts.benchmarks = argv[++i].split(',');
    else if (a === '--strategies') opts.strategies = argv[++i].split(',');
    else if (a === '--apis') opts.apis = argv[++i].split(',');
    else if (a === '--keep') opts.keep = true;
    else if (a === '--no-build') opts.build = false;
    else throw new Error(`unknown flag ${a} (flags: --limit N --benchmarks a,b --strategies a,b --apis chat,completions --keep --no-build)`);
  }
  return opts;
}

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(defaultModel)) throw new Error(`model ${defaultModel} is missing: this check needs ../shared (or ALOE_LLAMA_MODEL)`);
  if (opts.build) {
    console.log('building the CLI (npm run build)…');
    // The bundle is written before the type check: what matters here is that dist/ exists.
    spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  }
  const wasThere = findLlamaServer();
  const t0 = Date.now();
  const binary = await obtainLlamaServer();
  console.log(`llama-server: ${binary} (${wasThere ? 'given or cached' : `built in ${((Date.now() - t0) / 1000).toFixed(0)} s`})`);
  const { ok, rows } = await runE2E({ binary, ...opts });
  const failed = rows.filter((r) => r.ok === false).length;
  const skipped = rows.filter((r) => r.ok === null).length;
  console.log(`\ne2e:llama ${ok ? 'passed' : 'FAILED'}: ${rows.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`e2e:llama FAILED: ${err.message}`);
    process.exitCode = 1;
  });
}
