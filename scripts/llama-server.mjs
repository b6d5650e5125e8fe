#!/usr/bin/env node
// Obtains, starts and stops llama.cpp's `llama-server` for the end-to-end checks (issue 9).
//
// Where the binary comes from, first match wins:
//   1. ALOE_LLAMA_SERVER=/path/to/llama-server
//   2. the cached build <cache root>/llama-server/<node-llama-cpp version>/llama-server, the cache root
//      being $ALOE_CACHE_DIR, else ~/.cache/aloe-eval
//   3. a fresh build of the llama.cpp source tree that the npm package `node-llama-cpp` ships as a
//      git bundle (llama/gitRelease.bundle). The package comes from node_modules when that exact
//      version is installed, otherwise `npm pack` fetches the pinned tarball from the npm registry and
//      its sha512 is checked against NODE_LLAMA_CPP_INTEGRITY. Nothing else is downloaded: the
//      package's postinstall (which fetches prebuilt Node addons) never runs.
//
// As a command:
//   node scripts/llama-server.mjs path     print the binary's path (building it if needed)
//   node scripts/llama-server.mjs serve    start it on the tiny model and print its URL until Ctrl-C
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned source of llama.cpp: this npm version's tarball, identified by its registry integrity. */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';
export const NODE_LLAMA_CPP_INTEGRITY =
  'sha512-E3N0Ev2Va0wzydvXYFwM9Hvyo07PoWjt8T/9GMc43Cvt8YkV/NU/tYUgEMC1grTPv2o9PRjQi0G3Wb5P/awiMg==';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const defaultModel = process.env.ALOE_LLAMA_MODEL ?? path.join(sharedDir, 'models', 'tiny-fortunes-q8_0.gguf');

// GGML_NATIVE=OFF builds for x86-64 with AVX2/FMA/F16C rather than for this exact CPU, so a cache
// restored on another CI runner does not die with "illegal instruction". Static libraries make the
// binary one relocatable file.
const CMAKE_OPTIONS = [
  '-DCMAKE_BUILD_TYPE=Release',
  '-DBUILD_SHARED_LIBS=OFF',
  '-DGGML_NATIVE=OFF',
  '-DLLAMA_BUILD_UI=OFF',
  '-DLLAMA_USE_PREBUILT_UI=OFF',
  '-DLLAMA_OPENSSL=OFF',
  '-DLLAMA_BUILD_TESTS=OFF',
  '-DLLAMA_BUILD_EXAMPLES=OFF',
  '-DLLAMA_BUILD_APP=OFF',
  '-DLLAMA_BUILD_TOOLS=ON',
  '-DLLAMA_BUILD_SERVER=ON',
];

const log = (msg) => process.stderr.write(`[llama-server] ${msg}\n`);

/**
 * Under the project's cache root (as src/util/cache-root.ts resolves it: $ALOE_CACHE_DIR, else
 * ~/.cache/aloe-eval), keyed by the pinned version.
 */
export function cacheDir() {
  const root = process.env.ALOE_CACHE_DIR?.trim() || path.join(homedir(), '.cache', 'aloe-eval');
  return path.join(root, 'llama-server', NODE_LLAMA_CPP_VERSION);
}

export function cachedServerPath() {
  return path.join(cacheDir(), 'llama-server');
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The binary to use without building anything: ALOE_LLAMA_SERVER, else the cached build, else null.
 * Throws when ALOE_LLAMA_SERVER names something that is not an executable file.
 */
export function findLlamaServer() {
  const given = process.env.ALOE_LLAMA_SERVER;
  if (given) {
    if (!isExecutable(given)) throw new Error(`ALOE_LLAMA_SERVER=${given} is not an executable file; unset it to build one, or point it at llama-server`);
    return given;
  }
  const cached = cachedServerPath();
  return isExecutable(cached) ? cached : null;
}

/** ALOE_LLAMA_SERVER, the cached binary, or a fresh build (7-10 min on 2 cores). Returns its path. */
export async function obtainLlamaServer() {
  const found = findLlamaServer();
  if (found) return found;
  return buildLlamaServer();
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) throw new Error(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
  return r;
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** A fresh CI machine may lack the toolchain; as root on Debian, install it (as .ci/run does for chromium). */
function ensureToolchain() {
  const missing = ['cmake', 'make', 'g++', 'git', 'tar'].filter((c) => !have(c));
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log(`installing ${missing.join(', ')} with apt-get…`);
    const pkgs = ['cmake', 'make', 'g++', 'git', 'tar'].filter((c) => missing.includes(c));
    run('bash', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs.join(' ')} >/dev/null`]);
    return;
  }
  throw new Error(`building llama-server needs ${missing.join(', ')}: install them (Debian: apt-get install cmake make g++ git), or set ALOE_LLAMA_SERVER`);
}

function sha512(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha512');
    createReadStream(file).on('data', (d) => h.update(d)).on('end', () => resolve(`sha512-${h.digest('base64')}`)).on('error', reject);
  });
}

/** Path of gitRelease.bundle from the pinned node-llama-cpp: the installed copy, or the registry tarball. */
async function sourceBundle(workDir) {
  const installed = path.join(repoRoot, 'node_modules', 'node-llama-cpp');
  try {
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    const bundle = path.join(installed, 'llama', 'gitRelease.bundle');
    if (pkg.version === NODE_LLAMA_CPP_VERSION && existsSync(bundle)) return bundle;
  } catch {
    // not installed: fetch the tarball below
  }
  log(`fetching node-llama-cpp@${NODE_LLAMA_CPP_VERSION} from the npm registry (35 MB; the llama.cpp source is inside)…`);
  // --ignore-scripts: only the tarball is wanted, none of the package's scripts run.
  run('npm', ['pack', `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`, '--pack-destination', workDir, '--ignore-scripts', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = path.join(workDir, `node-llama-cpp-${NODE_LLAMA_CPP_VERSION}.tgz`);
  const integrity = await sha512(tgz);
  if (integrity !== NODE_LLAMA_CPP_INTEGRITY) {
    throw new Error(`node-llama-cpp-${NODE_LLAMA_CPP_VERSION}.tgz has integrity ${integrity}, expected ${NODE_LLAMA_CPP_INTEGRITY}`);
  }
  run('tar', ['-xzf', tgz, '-C', workDir, 'package/llama/gitRelease.bundle']);
  return path.join(workDir, 'package', 'llama', 'gitRelease.bundle');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether the process that took the build lock still runs (a lock younger than 10 s may lack its pid yet). */
function builderAlive(lock) {
  let pid;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Builds llama-server into the cache. Two processes that ask at once (the e2e script and the vitest
 * test) share one build: the second waits on a lock directory until the binary appears.
 */
export async function buildLlamaServer() {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, '.build-lock');
  const target = cachedServerPath();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock whose builder is gone (Ctrl-C, a crash) is stale.
      if (!builderAlive(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log('another process is building llama-server; waiting…');
      while (existsSync(lock) && builderAlive(lock) && !isExecutable(target)) await sleep(5_000);
      if (isExecutable(target)) return target;
    }
  }
  const work = path.join(dir, 'work');
  try {
    if (isExecutable(target)) return target;
    ensureToolchain();
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const started = Date.now();
    const bundle = await sourceBundle(work);
    const src = path.join(work, 'llama.cpp');
    run('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', bundle, src], { stdio: ['ignore', 'ignore', 'inherit'] });
    const jobs = process.env.ALOE_LLAMA_BUILD_JOBS ?? String(availableParallelism());
    log(`building llama-server with ${jobs} jobs (7-10 min on 2 cores)…`);
    const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
    run('nice', ['-n', '19', 'cmake', '-S', src, '-B', path.join(src, 'build'), ...CMAKE_OPTIONS], quiet);
    run('nice', ['-n', '19', 'cmake', '--build', path.join(src, 'build'), '--config', 'Release', '--target', 'llama-server', '-j', jobs], quiet);
    const built = path.join(src, 'build', 'bin', 'llama-server');
    // Copy then rename, so a reader never sees a half-written binary.
    copyFileSync(built, `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
    log(`built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A port that was free a moment ago (llama-server cannot listen on port 0 and report it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts llama-server on 127.0.0.1 and resolves once GET /health answers 200.
 *
 * @example
 *   const server = await startLlamaServer({ binary: await obtainLlamaServer() });
 *   // … use `${server.url}/v1` …
 *   await server.stop();
 *
 * @param {object} options
 * @param {string} options.binary llama-server to run
 * @param {string} [options.model] GGUF file (default: the tiny model in ../shared/models)
 * @param {boolean} [options.embeddings] serve /v1/embeddings too (mean pooling: the model has none of its own)
 * @param {number} [options.ctxPerSlot] tokens per slot beyond the model's trained 512, which llama-server
 *   otherwise caps each slot to (by overriding the GGUF's llama.context_length; fine for plumbing tests)
 * @param {string[]} [options.extraArgs] more llama-server flags
 * @param {number} [options.timeoutMs] how long to wait for /health
 * @returns {Promise<{url: string, port: number, pid: number, stop: () => Promise<void>, output: () => string}>}
 */
export async function startLlamaServer({ binary, model = defaultModel, embeddings = false, ctxPerSlot, extraArgs = [], timeoutMs = 60_000 }) {
  if (!existsSync(model)) throw new Error(`model file ${model} is missing (see ../shared/models/README.md, or set ALOE_LLAMA_MODEL)`);
  const threads = process.env.ALOE_LLAMA_THREADS ?? '2';
  const ctx = ctxPerSlot ? ['-c', String(2 * ctxPerSlot), '--override-kv', `llama.context_length=int:${ctxPerSlot}`] : ['-c', '2048'];
  let lastError;
  // Another process may take the port between freePort() and the server's bind: then try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['-m', model, '--host', '127.0.0.1', '--port', String(port), ...ctx, '-np', '2', '-t', threads, '--alias', 'tiny'];
    if (embeddings) args.push('--embeddings', '--pooling', 'mean');
    try {
      return await launch(binary, [...args, ...extraArgs], port, timeoutMs);
    } catch (err) {
      if (!/couldn't bind/.test(err.message)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

/** The server's last log lines, for an error message. */
function tail(output) {
  const lines = output.trim().split('\n').filter((l) => l.trim() !== '');
  return lines.length ? `; its last output:\n${lines.slice(-15).join('\n')}` : '';
}

async function launch(binary, args, port, timeoutMs) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.on('error', (err) => {
      exited = { code: null, signal: null, error: err };
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(killer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      const why = exited.error ? exited.error.message : `exit code ${exited.code ?? exited.signal}`;
      throw new Error(`llama-server stopped before it was ready (${why})${tail(output)}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { url, port, pid: child.pid, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`llama-server did not answer ${url}/health within ${timeoutMs / 1000} s${tail(output)}`);
}

async function main(argv) {
  const [cmd] = argv;
  if (cmd === 'path') {
    process.stdout.write(`${await obtainLlamaServer()}\n`);
  } else if (cmd === 'serve') {
    const server = await startLlamaServer({ binary: await obtainLlamaServer(), embeddings: argv.includes('--embeddings') });
    process.stdout.write(`${server.url}/v1  (model alias "tiny"; Ctrl-C stops it)\n`);
    await new Promise((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
    await server.stop();
  } else {
    process.stderr.write('usage: node scripts/llama-server.mjs path | serve [--embeddings]\n');
    process.exitCode = 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`llama-server: ${err.message}\n`);
    process.exitCode = 1;
  });
}
