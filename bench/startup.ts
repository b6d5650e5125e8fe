/**
 * Issue 12 §2, §3, §5: the built CLI measured as whole processes (nothing here asserts on time).
 *   1. start-up: median of RUNS runs of `node -e 0`, `aloe-eval --help`, `aloe-eval list`
 *      (goals --help ≤ 150 ms, list ≤ 200 ms)
 *   2. the 1,273-question MedQA job against a fake server (L = 100 ms, S = 16 slots) in its own
 *      process: wall time vs N·L/S with start-up and data loading included (goal ≤ 1.05×), peak
 *      RSS and CPU of the client (goals ≤ 150 MB, ≤ 3 s)
 *      and the floor: the same requests from bench/floor-client.mjs, node:http and nothing else
 *   3. three replicas vs one: the same job against three such servers, with the client pinned to
 *      one core (`taskset -c 0`) and unpinned, vs the ideal third
 * Needs `npm run build` and ../shared/datasets/hub (MedQA in the Hub layout). `--only startup|job|replicas`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const hub = resolve(root, '..', 'shared', 'datasets', 'hub');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const N = 1273;
const L = 100;
const S = 16;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall ms of one process run to completion. */
function wallMs(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - started;
}

function startup(): void {
  console.log(`start-up, median of ${RUNS} runs (whole process):`);
  // This variable makes every Node process read and parse the extra certificates before any code runs.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const without = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    const times = Array.from({ length: RUNS }, () => {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0'], { env: without });
      return performance.now() - started;
    });
    console.log(`  (NODE_EXTRA_CA_CERTS is set: every Node start below pays for it; node -e 0 without it: median ${median(times).toFixed(0)} ms)`);
  }
  for (const [label, args] of [['node -e 0', ['-e', '0']], ['aloe-eval --help', [cli, '--help']], ['aloe-eval list', [cli, 'list']]] as const) {
    wallMs([...args]); // warm the file cache
    const times = Array.from({ length: RUNS }, () => wallMs([...args]));
    console.log(`  ${label.padEnd(18)} median ${median(times).toFixed(0).padStart(4)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
  }
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fake-server.ts'), String(L), String(S)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((done) => child.stdout!.once('data', (d) => done(String(d).trim())));
  return { url, child };
}

interface JobFigures {
  wallS: number;
  userS: number;
  sysS: number;
  rssMb: number;
}

/** `command` run to completion under /usr/bin/time in `cwd` (wall, CPU, peak RSS); `what` names it in an error. */
function timed(what: string, command: string[], cwd: string): JobFigures {
  const timeFile = join(cwd, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, ...command], { stdio: ['ignore', 'ignore', 'pipe'], cwd });
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${String(r.stderr).slice(-2000)}`);
  const [wallS, userS, sysS, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallS, userS, sysS, rssMb: rssKb / 1024 };
}

/** One `aloe-eval run` of all MedQA test questions. */
function job(urls: string[], pin: boolean): JobFigures {
  const out = mkdtempSync(join(tmpdir(), 'aloe-bench-job-'));
  const args = [
    cli, 'run', '--benchmarks', 'medqa', '--data-dir', hub, '--offline', '--concurrency', String(S),
    '--no-cache', '--no-report', '--progress', 'none', '--out', out, '--history', join(out, 'history.jsonl'),
    ...urls.flatMap((u) => ['--endpoint', u]),
  ];
  return timed('the job', [...(pin ? ['taskset', '-c', '0'] : []), process.execPath, ...args], out);
}

/** The same requests from bench/floor-client.mjs (node:http alone): what the machine and the server allow any client. */
function floorJob(url: string): JobFigures {
  const out = mkdtempSync(join(tmpdir(), 'aloe-bench-floor-'));
  return timed('the floor client', [process.execPath, join(import.meta.dirname, 'floor-client.mjs'), url, String(N), String(S)], out);
}

const line = (label: string, f: JobFigures, ideal: number) =>
  `  ${label.padEnd(28)} ${f.wallS.toFixed(2)} s = ${(f.wallS / ideal).toFixed(3)}× ideal ${ideal.toFixed(2)} s · CPU ${(f.userS + f.sysS).toFixed(2)} s (user ${f.userS.toFixed(2)}, sys ${f.sysS.toFixed(2)}) · peak RSS ${f.rssMb.toFixed(0)} MB`;

async function jobs(): Promise<void> {
  if (!existsSync(join(hub, 'GBaker'))) {
    console.log(`skipped the MedQA job: ${hub} has no GBaker/MedQA (real data in ../shared)`);
    return;
  }
  const servers = await Promise.all([startServer(), startServer(), startServer()]);
  try {
    const ideal = (N * L) / 1000 / S;
    if (only !== 'replicas') {
      console.log(`MedQA job: N = ${N}, L = ${L} ms, S = ${S} slots, ideal N·L/S = ${ideal.toFixed(2)} s (start-up and data loading included):`);
      for (let i = 0; i < 3; i++) console.log(line(`one server, run ${i + 1}`, job([servers[0].url], false), ideal));
      console.log(line('floor: node:http alone', floorJob(servers[0].url), ideal));
    }
    if (only !== 'job') {
      console.log('three replicas vs one (ideal: a third):');
      for (const pin of [true, false]) {
        const label = pin ? 'client on core 0 (taskset)' : 'client unpinned';
        console.log(line(`${label}, 1 replica`, job([servers[0].url], pin), ideal));
        console.log(line(`${label}, 3 replicas`, job(servers.map((s) => s.url), pin), ideal / 3));
      }
    }
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

if (!only || only === 'startup') startup();
if (!only || only === 'job' || only === 'replicas') await jobs();
