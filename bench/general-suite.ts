/**
 * The whole `general` suite (24 BBH tasks, GPQA ×3, MuSR ×3, MMLU-Pro 5-shot; 31 benchmarks)
 * through the built CLI with `--strategy loglik`, against a zero-latency fake completions server
 * that returns echo logprobs, data from a fake Hub on 127.0.0.1 — target < 60 s. BBH and
 * MMLU-Pro are the real rows of ../shared (5,761 + 12,032 questions); GPQA and MuSR, which have
 * no copy here, are synthetic rows at their real sizes (1,192 and 756), MuSR narratives ~900 words.
 *
 * Run: npm run build && npx tsx bench/general-suite.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readRun, runDirsUnder } from '../src/results/read-run.js';
import { cliPath } from '../test/helpers/cli.js';
import { tempDir } from '../test/helpers/dataset-fixtures.js';
import { echoReply } from '../test/helpers/echo-logprobs.js';
import { startFakeHub } from '../test/helpers/fake-hub.js';
import { startFakeOpenAI } from '../test/helpers/fake-openai.js';
import { buildLeaderboardMirror, hasSharedBbh, hasSharedMmluPro } from '../test/helpers/leaderboard-mirror.js';
import { parquetFixtureBytes } from '../test/helpers/parquet-fixture.js';

if (!hasSharedBbh || !hasSharedMmluPro) {
  console.log('general-suite: skipped (needs ../shared/datasets/bbh and ../shared/datasets/mmlu-pro)');
  process.exit(0);
}

const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `word${(i * 7 + seed) % 97}`).join(' ');

/** GPQA and MuSR at their real sizes, over the fixture rows of the mirror. */
function syntheticAtRealSize(root: string): void {
  const cols = ['Question', 'Correct Answer', 'Incorrect Answer 1', 'Incorrect Answer 2', 'Incorrect Answer 3', 'Record ID', 'High-level domain', 'Subdomain'];
  for (const [subset, n] of [['main', 448], ['diamond', 198], ['extended', 546]] as const) {
    const rows = Array.from({ length: n }, (_, i) => [`${words(60, i)}?`, words(8, i + 1), words(8, i + 2), words(9, i + 3), words(7, i + 4), `rec${subset}${i}`, 'Physics', 'Optics']);
    writeFileSync(join(root, 'Idavidrein', 'gpqa', `gpqa_${subset}.csv`), stringify([cols, ...rows]));
  }
  for (const [domain, n, k] of [['murder_mysteries', 250, 2], ['object_placements', 256, 5], ['team_allocation', 250, 3]] as const) {
    const choices = Array.from({ length: k }, (_, c) => `choice ${c}`);
    const rows = Array.from({ length: n }, (_, i) => ({
      narrative: words(900, i),
      question: `${words(12, i)}?`,
      choices: `[${choices.map((c) => `'${c}'`).join(', ')}]`,
      answer_index: BigInt(i % k),
      answer_choice: choices[i % k],
    }));
    const dir = join(root, 'TAUR-Lab', 'MuSR', `@${encodeURIComponent('refs/convert/parquet')}`, 'default', domain);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, '0000.parquet'),
      parquetFixtureBytes({ columns: { narrative: 'string', question: 'string', choices: 'string', answer_index: 'int64', answer_choice: 'string' }, rows }),
    );
  }
}

const mirror = buildLeaderboardMirror();
syntheticAtRealSize(mirror);
const hub = await startFakeHub(mirror);
const server = await startFakeOpenAI({ models: ['bench'], reply: echoReply((_t, i) => -0.01 * (i % 7)) });
// The fake keeps every request body; count and drop them as they come (the suite sends ~1 GB of prompts).
let requests = 0;
const drain = setInterval(() => {
  requests += server.requests.length;
  server.requests.length = 0;
}, 100);
const work = tempDir('aloe-bench-general-');
const env = { ...process.env, HF_ENDPOINT: hub.url, HF_HUB_CACHE: join(work, 'hf'), ALOE_CACHE_DIR: join(work, 'aloe'), ALOE_GITHUB_RAW_URL: `${hub.url}/github` };
const out = join(work, 'results');
const args = ['run', '--suite', 'general', '--strategy', 'loglik', '--endpoint', server.url, '--out', out, '--no-cache', '--no-report', '--progress', 'none'];

// Download first (not timed), so the figure is the run itself.
await new Promise<void>((resolve, reject) => {
  const child = spawn(process.execPath, [cliPath, 'datasets', 'download', '--suite', 'general'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`datasets download exited ${code}`))));
});

// The machine may be shared: report the CLI's own CPU time (GNU time, where present) and the load.
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const load0 = loadavg()[0];
const cpu0 = process.cpuUsage();
let cliCpu = '';
const t0 = performance.now();
const code = await new Promise<number | null>((resolve) => {
  const command = timeBin ? [timeBin, '-f', 'cli-cpu %U %S', process.execPath] : [process.execPath];
  const child = spawn(command[0], [...command.slice(1), cliPath, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('close', () => {
    const m = /cli-cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
    if (m) cliCpu = `, CLI CPU ${(Number(m[1]) + Number(m[2])).toFixed(1)} s`;
    process.stderr.write(m ? stderr.slice(0, m.index) : stderr);
  });
  child.on('close', resolve);
});
const seconds = (performance.now() - t0) / 1000;
const serverCpu = process.cpuUsage(cpu0);
const context = `${cliCpu}, fake server CPU ${((serverCpu.user + serverCpu.system) / 1e6).toFixed(1)} s, load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
if (code !== 0) {
  console.log(`general-suite: the run exited ${code}`);
  process.exit(1);
}
clearInterval(drain);
requests += server.requests.length;
const { run, samples } = readRun(runDirsUnder(out)[0]);
const prompts = samples.reduce((s, r) => s + (r.attempts[0]?.calls ?? 0), 0);
console.log(
  `general-suite: ${samples.length} questions in ${Object.keys(run.results).length} benchmarks, ${prompts} scored prompts in ${requests} requests, ` +
    `${seconds.toFixed(1)} s end to end with --strategy loglik against a zero-latency server (target < 60 s); leaderboard average ${run.leaderboard?.average.toFixed(2)}${context}`,
);
await server.close();
await hub.close();
rmSync(mirror, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
