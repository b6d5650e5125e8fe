/**
 * Secrets in endpoint URLs and gateway headers, end to end through the built CLI: a gateway that
 * needs a Bearer key, a header and query parameters, and a server behind HTTP Basic auth (both
 * 401 without). Canaries in the four places (API key, --header-env value, URL password, secret
 * query value) must appear in nothing a run, a resume, a report and a compare write or print —
 * not even when the servers echo the URL and headers they were sent back in error bodies.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { buildFixtureMirror, tempDir } from './helpers/dataset-fixtures.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';

const KEY = 'sk-canary-apikey-5e1f';
const HEADER = 'hdr-canary-77aa';
const PASSWORD = 'pw-canary-91bc';
const QUERY = 'qry-canary-3d4e';
/** The four, and the Basic credential they make (base64 of alice:PASSWORD). */
const CANARIES = [KEY, HEADER, PASSWORD, QUERY, Buffer.from(`alice:${PASSWORD}`).toString('base64')];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
const runDirs = (out: string) => readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(out, d.name)).sort();
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
const readSamples = (dir: string) => readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
const noTrace = (r: CliResult) => expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);

describe('secrets in endpoint URLs and gateway headers never leave the process', () => {
  let mirror: string;
  let work: string;
  let gateway: FakeOpenAI;
  let basicServer: FakeOpenAI;
  const printed: string[] = [];
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = await runCli(args, { OPENAI_API_KEY: KEY, GW_TOKEN: HEADER, ...env }, work);
    printed.push(r.stdout, r.stderr);
    return r;
  };
  const common = (out: string, cache: string) => ['--benchmarks', 'medqa', '--data-dir', mirror, '--out', out, '--cache-dir', cache, '--progress', 'lines', '--max-retries', '0'];

  beforeAll(async () => {
    mirror = buildFixtureMirror();
    work = tempDir('aloe-secrets-');
    gateway = await startFakeOpenAI({
      models: ['m'], apiKey: KEY, requireHeaders: { 'X-Gateway-Token': HEADER }, requireQuery: { 'api-version': '2024-06-01', api_key: QUERY },
      echoRequestUrl: true, echoHeaders: ['Authorization', 'X-Gateway-Token'], faults: { '500': 1 }, faultyTries: 1, reply: () => 'Answer: A',
    });
    const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
    basicServer = await startFakeOpenAI({ models: ['m'], requireAuthorization: basic, echoRequestUrl: true, echoHeaders: ['Authorization'], reply: () => 'Answer: B' });
  });
  afterAll(async () => {
    await gateway.close();
    await basicServer.close();
    rmSync(mirror, { recursive: true, force: true });
  });

  test('run, resume, report and compare through every form; the canary grep finds nothing', async () => {
    const out = join(work, 'results');
    const cache = join(work, 'cache');
    const gatewayUrl = `${gateway.url}?api-version=2024-06-01&api_key=${QUERY}`;

    // 1. Every generation request fails once with a 500 that echoes URL, key and header: the run fails (exit 1).
    const failed = await cli(['run', ...common(out, cache), '--endpoint', gatewayUrl, '--header-env', 'X-Gateway-Token=GW_TOKEN', '--max-errors', '0', '--concurrency', '1']);
    noTrace(failed);
    expect(failed.code).toBe(1);
    const [gatewayDir] = runDirs(out);
    const errors = readSamples(gatewayDir).filter((s) => s.error);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].error!.message).toMatch(/500 .*\?api-version=2024-06-01&api_key=\*\*\*.*Bearer \*\*\*, x-gateway-token: \*\*\*/);

    // 2. Resume, the header now from --config: the second try of each request succeeds.
    const config = join(work, 'gateway.yaml');
    writeFileSync(config, 'headerEnv:\n  - X-Gateway-Token=GW_TOKEN\n');
    // OPENAI_LOG=debug: the SDK logs every URL and header it sends; its log passes the redactor too.
    const resumed = await cli(['run', '--config', config, '--resume', gatewayDir, '--endpoint', gatewayUrl, '--data-dir', mirror, '--out', out, '--cache-dir', cache, '--progress', 'lines'], { OPENAI_LOG: 'debug' });
    noTrace(resumed);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`url: '${gateway.url}/chat/completions?api-version=2024-06-01&api_key=***'`);
    expect(resumed.stderr).toContain(`'x-gateway-token': '***'`);
    const run = readRun(gatewayDir);
    expect(run.status).toBe('complete');
    expect(run.results.medqa.n).toBe(3);
    expect(run.provenance.endpoints).toEqual([`${gateway.url}?api-version=2024-06-01&api_key=***`]);
    // what was really sent: the key as Bearer, the header, the query after the path
    const sent = gateway.requests.filter((q) => q.path === '/v1/chat/completions');
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(sent.every((q) => q.authorization === `Bearer ${KEY}` && q.headers?.['x-gateway-token'] === HEADER)).toBe(true);
    expect(sent.every((q) => q.url === `/v1/chat/completions?api-version=2024-06-01&api_key=${QUERY}`)).toBe(true);

    // 3. Basic auth in the URL; the API key is also set: one line says which is sent.
    const basicUrl = basicServer.url.replace('http://', `http://alice:${PASSWORD}@`);
    const viaBasic = await cli(['run', ...common(out, cache), '--endpoint', basicUrl]);
    noTrace(viaBasic);
    expect(viaBasic.code).toBe(0);
    expect(viaBasic.stderr.match(/one Authorization header is sent per request: the user:password in --endpoint \(HTTP Basic\) is used; the API key in \$OPENAI_API_KEY is not sent/g)).toHaveLength(1);
    const basicDir = runDirs(out).find((d) => d !== gatewayDir)!;
    expect(readRun(basicDir).provenance.endpoints).toEqual([basicServer.url.replace('http://', 'http://***@')]);
    expect(basicServer.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(3);

    // 4. Mistakes: the issue's two reports, and a refused password. One line each, exit 2, nothing secret.
    const unreachable = await cli(['run', ...common(out, cache), '--endpoint', `http://alice:${PASSWORD}@127.0.0.1:9/v1`]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^aloe-eval: cannot reach http:\/\/\*\*\*@127\.0\.0\.1:9\/v1 \(/m);
    const wrongPlace = await cli(['run', ...common(out, cache), '--endpoint', `http://127.0.0.1:9/v1?api_key=${QUERY}`]);
    expect(wrongPlace.code).toBe(2);
    expect(wrongPlace.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1\?api_key=\*\*\* \(/);
    const refused = await cli(['run', ...common(out, cache), '--endpoint', basicServer.url.replace('http://', `http://bob:${PASSWORD}x@`)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/http:\/\/\*\*\*@127\.0\.0\.1:\d+\/v1 refused the request \(401 .*authorization required.*you sent authorization: Basic \*\*\*\)\); check/);
    const missingHeader = await cli(['run', ...common(out, cache), '--endpoint', gatewayUrl]);
    expect(missingHeader.code).toBe(2);
    expect(missingHeader.stderr).toMatch(/header X-Gateway-Token required/);
    for (const r of [unreachable, wrongPlace, refused, missingHeader]) {
      noTrace(r);
      expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('aloe-eval:'))).toHaveLength(1);
    }

    // 5. Report (HTML, CSV, markdown) and compare over both runs.
    const reportDir = join(work, 'report');
    const report = await cli(['report', gatewayDir, basicDir, '-o', join(reportDir, 'report.html'), '--csv', reportDir, '--markdown', join(reportDir, 'board.md'), '--history', join(out, 'history.jsonl')]);
    expect(report.code).toBe(0);
    const compare = await cli(['compare', gatewayDir, basicDir, '--markdown', join(reportDir, 'compare.md')]);
    expect(compare.code).toBe(0);

    const files = [...filesUnder(out), ...filesUnder(cache), ...filesUnder(reportDir)];
    expect(files.some((f) => f.endsWith('report.html'))).toBe(true);
    expect(files.some((f) => f.includes(join('cache', 'responses')))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const canary of CANARIES) expect(text.includes(canary), `${canary} in ${file}`).toBe(false);
    }
    const all = printed.join('\n');
    for (const canary of CANARIES) expect(all.includes(canary), `${canary} printed`).toBe(false);
  }, 120_000);
});
