/**
 * The real download path: `@huggingface/hub` and fetch against a fake Hub on 127.0.0.1 serving
 * the synthetic fixture mirror. Caches, offline mode, tokens, the lock file.
 */
import { cpSync, existsSync, lstatSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { hubOptionsFromEnv, loadBenchmark, loadPoolSamples, lockBenchmarks, downloadBenchmarks, readLock, type LoadOptions } from '../src/datasets/index.js';
import { UserError } from '../src/util/errors.js';
import { sha256 } from '../src/util/hash.js';
import { fakeHubLoadOptions, tempDir, useFixtureHub } from './helpers/dataset-fixtures.js';
import { fakeCommit, startFakeHub } from './helpers/fake-hub.js';

const fx = useFixtureHub();
let options: LoadOptions;

beforeEach(() => {
  options = { ...fakeHubLoadOptions(fx.hub, fx.work), lockFile: join(fx.work, 'aloe-eval.lock.json') };
});

const MEDQA_COMMIT = fakeCommit('GBaker/MedQA-USMLE-4-options', 'main');

describe('Hub downloads', () => {
  it('resolves main to a commit, downloads into the Python cache layout, records provenance', async () => {
    const { samples, provenance } = await loadBenchmark('medqa', options);
    expect(samples).toHaveLength(3);
    const bytes = readFileSync(join(fx.mirror, 'GBaker/MedQA-USMLE-4-options/phrases_no_exclude_test.jsonl'));
    expect(provenance).toEqual({
      source: 'hub',
      repo: 'GBaker/MedQA-USMLE-4-options',
      revision: MEDQA_COMMIT,
      requestedRevision: 'main',
      files: [{ path: 'phrases_no_exclude_test.jsonl', sha256: sha256(bytes) }],
    });
    const repoDir = join(fx.work, 'hf-hub', 'datasets--GBaker--MedQA-USMLE-4-options');
    expect(readFileSync(join(repoDir, 'refs', 'main'), 'utf8')).toBe(MEDQA_COMMIT);
    const pointer = join(repoDir, 'snapshots', MEDQA_COMMIT, 'phrases_no_exclude_test.jsonl');
    expect(lstatSync(pointer).isSymbolicLink()).toBe(true);
    expect(readlinkSync(pointer)).toMatch(/^\.\.\/\.\.\/blobs\/[0-9a-f]{40}$/);
    expect(fx.hub.requests.some((r) => r.startsWith('GET /api/datasets/GBaker/MedQA-USMLE-4-options/revision/main'))).toBe(true);
    expect(fx.hub.requests).toContain(`POST /api/datasets/GBaker/MedQA-USMLE-4-options/paths-info/${MEDQA_COMMIT}`);
  });

  it('makes zero requests on the second run', async () => {
    await loadBenchmark('pubmedqa', options);
    await loadPoolSamples('mmlu-anatomy', options);
    expect(fx.hub.requests.length).toBeGreaterThan(0);
    fx.hub.requests.length = 0;
    const again = await loadBenchmark('pubmedqa', options);
    await loadPoolSamples('mmlu-anatomy', options);
    expect(again.samples).toHaveLength(3);
    expect(again.provenance.revision).toBe(fakeCommit('bigbio/pubmed_qa', 'refs/convert/parquet'));
    expect(fx.hub.requests).toEqual([]);
    // Python's layout for a branch with slashes: refs/refs/convert/parquet.
    expect(existsSync(join(fx.work, 'hf-hub', 'datasets--bigbio--pubmed_qa', 'refs', 'refs', 'convert', 'parquet'))).toBe(true);
  });

  it('works offline from a filled cache, and says what to do when the cache is empty', async () => {
    await loadBenchmark('careqa', options);
    fx.hub.requests.length = 0;
    const offline = await loadBenchmark('careqa', { ...options, offline: true });
    expect(offline.samples).toHaveLength(2);
    expect(fx.hub.requests).toEqual([]);
    const err = await loadBenchmark('medqa', { ...options, offline: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /^GBaker\/MedQA-USMLE-4-options@main is not in the Hugging Face cache \(.*\) and offline mode \(HF_HUB_OFFLINE\) forbids downloading; run "aloe-eval datasets download"/,
    );
    expect(fx.hub.requests).toEqual([]);
  });

  it('reads HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE and HF_HOME / HF_HUB_CACHE from the environment', () => {
    expect(hubOptionsFromEnv({ HF_ENDPOINT: 'http://h', HF_TOKEN: 'hf_x', HF_HUB_OFFLINE: '1', HF_HOME: '/hh' })).toEqual({
      hubUrl: 'http://h',
      token: 'hf_x',
      offline: true,
      hubCacheDir: '/hh/hub',
    });
    const env = hubOptionsFromEnv({ HF_HUB_CACHE: '/c', HF_HOME: '/hh', HF_HUB_OFFLINE: '0' });
    expect(env).toMatchObject({ hubUrl: 'https://huggingface.co', offline: false, hubCacheDir: '/c', token: undefined });
  });

  it('sends the token; a refused one is a one-line error naming HF_TOKEN', async () => {
    const gated = await startFakeHub(fx.mirror, { token: 'hf_secret' });
    try {
      const opts = { ...options, hubUrl: gated.url };
      const refused = await loadBenchmark('medqa', opts).catch((e: unknown) => e);
      expect((refused as Error).message).toMatch(/^GBaker\/MedQA-USMLE-4-options is gated or private .*: the Hub refused access \(HTTP 401\) and no HF_TOKEN was set; request access at https:\/\/huggingface.co\/datasets\/GBaker\/MedQA-USMLE-4-options, then either set HF_TOKEN .* or use local files with --data-dir/);
      expect((await loadBenchmark('medqa', { ...opts, token: 'hf_secret' })).samples).toHaveLength(3);
      await expect(loadBenchmark('medqa', { ...opts, token: 'secret' })).rejects.toThrow(/HF_TOKEN\) must start with "hf_"/);
    } finally {
      await gated.close();
    }
  });

  it('unreachable Hub: one line with the fix', async () => {
    const closed = await startFakeHub(fx.mirror);
    await closed.close(); // a port nothing listens on any more
    const down = await loadBenchmark('medqa', { ...options, hubUrl: closed.url }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(UserError);
    expect((down as Error).message).toMatch(/^cannot reach http:\/\/127.0.0.1:\d+ \(ECONNREFUSED\) for GBaker\/MedQA-USMLE-4-options@main; check the network/);
  });

  it('a repo or file missing on the Hub names it and the benchmark file to fix', async () => {
    const partial = tempDir('aloe-partial-hub-');
    cpSync(fx.mirror, partial, { recursive: true });
    rmSync(join(partial, 'dmis-lab/MedLFQA/healthsearch_qa_test_MedLFQA.jsonl'));
    rmSync(join(partial, 'BI55'), { recursive: true });
    const h = await startFakeHub(partial);
    try {
      const file = await loadBenchmark('olaph', { ...options, hubUrl: h.url }).catch((e: unknown) => e);
      expect((file as Error).message).toMatch(
        /^dmis-lab\/MedLFQA\/healthsearch_qa_test_MedLFQA.jsonl@[0-9a-f]{12}: no such file in the repo at that revision; check the file paths in .*benchmarks\/olaph.yaml$/,
      );
      const repo = await loadBenchmark('medtext', { ...options, hubUrl: h.url }).catch((e: unknown) => e);
      expect((repo as Error).message).toMatch(/^BI55\/MedText@main: not found on http:\/\/127.0.0.1:\d+ \(HTTP 404\); check the repo id, revision and file paths in .*medtext.yaml$/);
    } finally {
      await h.close();
      rmSync(partial, { recursive: true, force: true });
    }
  });
});

describe('URL sources (raw GitHub at a pinned commit)', () => {
  it('downloads once into the aloe-eval cache, then reads it with no request', async () => {
    const spec = { ...options };
    const first = await loadPoolSamples('medtext-classification', spec); // train: no sha256 pin
    expect(first.samples.map((s) => s.answer)).toEqual(['D']);
    const cached = join(fx.work, 'aloe', 'files', 'github', 'sebischair', 'Medical-Abstracts-TC-Corpus', '70a2d9106c724729be8b3c4ddb00d1b14ec300c8', 'medical_tc_train.csv');
    expect(existsSync(cached)).toBe(true);
    expect(first.provenance).toMatchObject({ source: 'url', repo: 'sebischair/Medical-Abstracts-TC-Corpus', revision: '70a2d9106c724729be8b3c4ddb00d1b14ec300c8' });
    expect(fx.hub.requests).toEqual(['GET /github/sebischair/Medical-Abstracts-TC-Corpus/70a2d9106c724729be8b3c4ddb00d1b14ec300c8/medical_tc_train.csv']);
    fx.hub.requests.length = 0;
    await loadPoolSamples('medtext-classification', { ...spec, offline: true });
    expect(fx.hub.requests).toEqual([]);
  });

  it('refuses a file whose sha256 is not the pinned one, and does not keep it', async () => {
    // The fixture ACI-BENCH files are synthetic, so they cannot match the real files' pins.
    const err = await loadBenchmark('aci-bench', options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /^github:wyim\/aci-bench\/data\/challenge_data\/clinicalnlp_taskB_test1.csv: sha256 is [0-9a-f]{64} but .*aci-bench.yaml pins 5cc4008e68545f84913744a8e493a58bdf17ba7e1b7a0be46d6943d6bfca9471; the copy is corrupt or not the pinned file/,
    );
    expect(existsSync(join(fx.work, 'aloe', 'files', 'github', 'wyim', 'aci-bench', 'b909b2bb9cf1d19de08df15cddde7bd0179665e4', 'data', 'challenge_data', 'clinicalnlp_taskB_test1.csv'))).toBe(false);
  });
});

describe('the lock file', () => {
  it('records commits and file sha256s, and later loads use the locked commit', async () => {
    const { lockFile, entries } = await lockBenchmarks(['medqa', 'careqa'], options);
    expect(lockFile).toBe(options.lockFile);
    const lock = readLock(lockFile as string)!;
    expect(Object.keys(lock.benchmarks)).toEqual(['careqa', 'medmcqa', 'medqa']); // careqa's pool is medmcqa train
    expect(lock.benchmarks.medqa).toEqual({
      source: 'hub',
      repo: 'GBaker/MedQA-USMLE-4-options',
      requested: 'main',
      revision: MEDQA_COMMIT,
      files: {
        'phrases_no_exclude_test.jsonl': sha256(readFileSync(join(fx.mirror, 'GBaker/MedQA-USMLE-4-options/phrases_no_exclude_test.jsonl'))),
        'phrases_no_exclude_train.jsonl': sha256(readFileSync(join(fx.mirror, 'GBaker/MedQA-USMLE-4-options/phrases_no_exclude_train.jsonl'))),
      },
    });
    expect(Object.keys(entries.medmcqa.files)).toEqual(['data/train-00000-of-00001.parquet']);

    // Point the cached ref elsewhere: the lock, not the cache, decides the commit.
    const refs = join(fx.work, 'hf-hub', 'datasets--GBaker--MedQA-USMLE-4-options', 'refs', 'main');
    writeFileSync(refs, 'f'.repeat(40));
    rmSync(join(fx.work, 'hf-hub', 'datasets--GBaker--MedQA-USMLE-4-options', 'snapshots'), { recursive: true });
    fx.hub.requests.length = 0;
    const { provenance } = await loadBenchmark('medqa', options);
    expect(provenance.revision).toBe(MEDQA_COMMIT);
    expect(fx.hub.requests.some((r) => r.includes('/revision/'))).toBe(false);
    expect(fx.hub.requests).toContain(`POST /api/datasets/GBaker/MedQA-USMLE-4-options/paths-info/${MEDQA_COMMIT}`);
  });

  it('a file that differs from the lock is an error naming it and the fix', async () => {
    await lockBenchmarks(['pubmedqa'], options);
    const path = options.lockFile as string;
    const lock = JSON.parse(readFileSync(path, 'utf8'));
    lock.benchmarks.pubmedqa.files['pubmed_qa_labeled_fold0_source/test/0000.parquet'] = '0'.repeat(64);
    writeFileSync(path, JSON.stringify(lock));
    const err = await loadBenchmark('pubmedqa', options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /^bigbio\/pubmed_qa\/pubmed_qa_labeled_fold0_source\/test\/0000.parquet: sha256 is [0-9a-f]{64} but the lock file .*aloe-eval.lock.json expects 0{64}; the dataset changed — run "aloe-eval datasets lock --benchmarks pubmedqa"/,
    );
    // Re-locking accepts the current file.
    await lockBenchmarks(['pubmedqa'], options);
    expect((await loadBenchmark('pubmedqa', options)).samples).toHaveLength(3);
  });

  it('a lock entry for another repo or revision is stale: an error with the fix; a malformed lock names its key', async () => {
    const path = options.lockFile as string;
    writeFileSync(path, JSON.stringify({ schema: 'aloe-eval/lock@1', benchmarks: { medqa: { source: 'hub', repo: 'GBaker/MedQA-USMLE-4-options-hf', requested: 'main', revision: MEDQA_COMMIT, files: {} } } }));
    await expect(loadBenchmark('medqa', options)).rejects.toThrow(
      /the entry for medqa is GBaker\/MedQA-USMLE-4-options-hf@main but benchmarks\/medqa.yaml asks for GBaker\/MedQA-USMLE-4-options@main; run "aloe-eval datasets lock --benchmarks medqa"/,
    );
    writeFileSync(path, JSON.stringify({ schema: 'aloe-eval/lock@1', benchmarks: { medqa: { source: 'hub', repo: 'x/y', requested: 'main', revision: 'abc', files: {} } } }));
    await expect(loadBenchmark('medqa', options)).rejects.toThrow(/aloe-eval.lock.json: key "benchmarks.medqa.revision": .*recreate it with "aloe-eval datasets lock"/);
    await expect(loadBenchmark('medqa', { ...options, lockFile: false })).resolves.toBeTruthy();
  });

  it('locks from a --data-dir mirror record hashes but no commit; they are checked on Hub loads too', async () => {
    await lockBenchmarks(['mmlu-anatomy'], { ...options, dataDir: fx.mirror });
    const entry = readLock(options.lockFile as string)!.benchmarks['mmlu-anatomy'];
    expect(entry.revision).toBeNull();
    expect(Object.keys(entry.files)).toEqual([
      'anatomy/dev-00000-of-00001.parquet',
      'anatomy/test-00000-of-00001.parquet',
      'anatomy/validation-00000-of-00001.parquet',
    ]);
    const { provenance } = await loadBenchmark('mmlu-anatomy', options);
    expect(provenance.revision).toBe(fakeCommit('cais/mmlu', 'main'));
  });
});

describe('datasets download', () => {
  it('fetches each eval split and the splits pools draw from', async () => {
    const results = await downloadBenchmarks(['careqa', 'mmlu-anatomy'], options);
    expect(results.map((r) => [r.benchmark, r.split, r.rows])).toEqual([
      ['careqa', 'test', 2],
      ['medmcqa', 'train', 2],
      ['mmlu-anatomy', 'test', 2],
      ['mmlu-anatomy', 'dev', 1],
      ['mmlu-anatomy', 'validation', 1],
    ]);
    fx.hub.requests.length = 0;
    await loadPoolSamples('careqa', { ...options, offline: true });
    expect(fx.hub.requests).toEqual([]);
  });
});
