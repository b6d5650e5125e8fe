/**
 * Credentialed data stays where it belongs, on a synthetic benchmark marked `credentialed: true`
 * (test/fixtures/credentialed), installed into a copy of the built package: refused against a
 * public address unless --allow-remote-credentialed, its files 0600 in 0700 folders, and no sample
 * text in reports unless --include-credentialed-text.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { refuseRemoteCredentialed } from '../src/runner/credentialed.js';
import type { RunFile } from '../src/types/results.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { tempDir } from './helpers/dataset-fixtures.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';
import { packageCopyWith, type PackageCopy } from './helpers/package-copy.js';

const fixture = fileURLToPath(new URL('./fixtures/credentialed/', import.meta.url));
const dataDir = join(fixture, 'hub');
/** Every question of the fixture starts with it: sample text, to look for in reports. */
const TEXT = 'NOTE-TEXT-7Q';
const PUBLIC = 'http://93.184.216.34:9/v1'; // a public address; nothing is ever sent there

const mode = (path: string) => statSync(path).mode & 0o777;
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => [join(dir, d.name), ...(d.isDirectory() ? walk(join(dir, d.name)) : [])]);
const oneLine = (r: CliResult) => {
  expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('aloe-eval:'))).toHaveLength(1);
};

describe('credentialed benchmarks', () => {
  let pkg: PackageCopy;
  let server: FakeOpenAI;
  let work: string;
  const cli = (args: string[]) => runCli(args, { OPENAI_API_KEY: '' }, work, pkg.main);
  const runArgs = (out: string, cache: string, ...more: string[]) => ['run', '--benchmarks', 'synthetic-notes', '--data-dir', dataDir, '--out', out, '--cache-dir', cache, '--progress', 'none', ...more];

  beforeAll(async () => {
    pkg = packageCopyWith([join(fixture, 'synthetic-notes.yaml')]);
    work = tempDir('aloe-credentialed-');
    server = await startFakeOpenAI({ models: ['m'], reply: () => 'Answer: A' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(pkg.root, { recursive: true, force: true });
  });

  test('`list` marks the benchmark', async () => {
    const r = await cli(['list']);
    expect(r.stdout).toMatch(/\n {2}synthetic-notes +mcqa +accuracy +test +3 +gated +Synthetic clinical notes \(credentialed test fixture\) \[credentialed\]\n/);
    const json = JSON.parse((await cli(['list', '--json'])).stdout) as { benchmarks: { id: string; credentialed: boolean }[] };
    expect(json.benchmarks.find((b) => b.id === 'synthetic-notes')?.credentialed).toBe(true);
    expect(json.benchmarks.find((b) => b.id === 'medqa')?.credentialed).toBe(false);
  });

  test('refused against an endpoint off loopback/private addresses, in one line naming --allow-remote-credentialed', async () => {
    const r = await cli(runArgs(join(work, 'r1'), join(work, 'c1'), '--endpoint', PUBLIC.replace('http://', 'http://u:secret-pw-1@')));
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.stderr).toBe(
      'aloe-eval: synthetic-notes is credentialed data (its licence forbids sending it to third-party services) and --endpoint http://***@93.184.216.34:9/v1 is not a loopback or private address; serve the model locally, or pass --allow-remote-credentialed if your data use agreement covers this provider\n',
    );
    // an embeddings endpoint receives the questions too
    const e = await cli(runArgs(join(work, 'r2'), join(work, 'c2'), '--endpoint', server.url, '--embeddings-endpoint', PUBLIC, '--embeddings-model', 'e'));
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--embeddings-endpoint http:\/\/93\.184\.216\.34:9\/v1 is not a loopback or private address/);
    // build-pool sends a split's questions as well
    const pool = await cli(['medprompt', 'build-pool', '--benchmark', 'synthetic-notes', '--from', 'test', '--data-dir', dataDir, '--endpoint', PUBLIC]);
    expect(pool.code).toBe(2);
    expect(pool.stderr).toMatch(/synthetic-notes is credentialed data .*--allow-remote-credentialed/);
  });

  // Checked on the function the CLI calls, not through a run: a run would then really connect to the
  // public address, and tests send nothing off this machine.
  test('--allow-remote-credentialed lifts the refusal, with a warning', async () => {
    const lines: string[] = [];
    const urls = [{ flag: '--endpoint', url: PUBLIC }];
    await expect(refuseRemoteCredentialed(['synthetic-notes'], urls, false, (l) => lines.push(l))).rejects.toThrow(/--allow-remote-credentialed/);
    await refuseRemoteCredentialed(['synthetic-notes'], urls, true, (l) => lines.push(l));
    expect(lines).toEqual(['synthetic-notes is credentialed data (its licence forbids sending it to third-party services); sending it to http://93.184.216.34:9/v1 (--endpoint) because --allow-remote-credentialed was given']);
  });

  test('a local run writes its run files and cache entries 0600 in 0700 folders; reports leave the text out', async () => {
    const out = join(work, 'results');
    const cache = join(work, 'cache');
    mkdirSync(join(cache, 'credentialed'), { recursive: true, mode: 0o755 }); // left open by someone: made private again
    const r = await cli(runArgs(out, cache, '--endpoint', server.url.replace('127.0.0.1', 'localhost')));
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const [dir] = readdirSync(out).filter((n) => statSync(join(out, n)).isDirectory()).map((n) => join(out, n));
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
    expect(run.results['synthetic-notes'].n).toBe(3);
    expect(run.provenance.datasets['synthetic-notes'].credentialed).toBe(true);

    expect(mode(dir)).toBe(0o700);
    const runFiles = readdirSync(dir).map((n) => join(dir, n));
    expect(runFiles.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['report.html', 'run.json', 'samples.jsonl', 'summary.csv']);
    for (const f of runFiles) expect(mode(f), f).toBe(0o600);

    const privateTree = join(cache, 'credentialed');
    expect(mode(privateTree)).toBe(0o700);
    const entries = walk(privateTree);
    expect(entries.filter((p) => p.endsWith('.json'))).toHaveLength(3);
    for (const p of entries) expect(mode(p), p).toBe(statSync(p).isDirectory() ? 0o700 : 0o600);
    expect(readdirSync(cache)).not.toContain('responses'); // nothing in the shared tree

    // `cache stats` counts the private tree too
    const stats = await cli(['cache', 'stats', '--cache-dir', cache]);
    expect(stats.stdout).toMatch(/: 3 responses/);

    // The run's own report, and `report` with CSV: scores and ids, no text.
    const csvDir = join(work, 'csv');
    const report = await cli(['report', dir, '-o', join(work, 'report.html'), '--csv', csvDir]);
    expect(report.code).toBe(0);
    const samplesCsv = readFileSync(join(csvDir, 'samples.csv'), 'utf8');
    for (const html of [readFileSync(join(dir, 'report.html'), 'utf8'), readFileSync(join(work, 'report.html'), 'utf8'), samplesCsv]) {
      expect(html).not.toContain(TEXT);
      expect(html).not.toContain('Discharge note');
    }
    expect(samplesCsv.trim().split('\n')).toHaveLength(4); // header + one row per sample, ids kept
    expect(samplesCsv).toMatch(/synthetic-notes,test-0,correct,1,A,A/);
    expect(readFileSync(join(work, 'report.html'), 'utf8')).toContain('(credentialed data) is left out: scores and ids only. Pass --include-credentialed-text');

    const full = await cli(['report', dir, '-o', join(work, 'full.html'), '--csv', join(work, 'csv-full'), '--include-credentialed-text']);
    expect(full.code).toBe(0);
    expect(readFileSync(join(work, 'full.html'), 'utf8')).toContain(TEXT);
    expect(readFileSync(join(work, 'csv-full', 'samples.csv'), 'utf8')).toContain(TEXT);
  });
});
