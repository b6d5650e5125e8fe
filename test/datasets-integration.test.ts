/**
 * The real benchmark files in ../shared/datasets/hub, served by the fake Hub and read through the
 * real download path, against the official row counts. URL sources are checked against their
 * sha256 pins, which only the real files satisfy.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark, loadPoolSamples, resolveBenchmarks, type LoadOptions } from '../src/datasets/index.js';
import type { Sample } from '../src/types/sample.js';
import { sharedDir, sharedHub } from './helpers/cli.js';
import { fakeHubLoadOptions, tempDir } from './helpers/dataset-fixtures.js';
import { startFakeHub, type FakeHub } from './helpers/fake-hub.js';

const medtextClassification = join(sharedDir, 'datasets', 'med-text-classification', 'medical_tc_test.csv');

const countBy = (samples: Sample[], field: string) =>
  samples.reduce<Record<string, number>>((acc, s) => {
    const k = String(s.metadata[field]);
    acc[k] = (acc[k] ?? 0) + 1;
    return acc;
  }, {});

describe.skipIf(!existsSync(sharedHub))('real benchmark files through the fake Hub', () => {
  let root: string;
  let work: string;
  let hub: FakeHub;
  let options: LoadOptions;
  const logs: string[] = [];

  beforeAll(async () => {
    // The shared mirror, by symlink, plus the classification set where a raw-GitHub mirror keeps it.
    root = tempDir('aloe-real-hub-');
    for (const name of readdirSync(sharedHub)) {
      if (name !== 'github' && name !== 'README.md') symlinkSync(join(sharedHub, name), join(root, name));
    }
    mkdirSync(join(root, 'github'));
    for (const owner of readdirSync(join(sharedHub, 'github'))) symlinkSync(join(sharedHub, 'github', owner), join(root, 'github', owner));
    const tc = join(root, 'github', 'sebischair', 'Medical-Abstracts-TC-Corpus', '70a2d9106c724729be8b3c4ddb00d1b14ec300c8');
    mkdirSync(tc, { recursive: true });
    symlinkSync(medtextClassification, join(tc, 'medical_tc_test.csv'));
    hub = await startFakeHub(root);
    work = tempDir();
    options = { ...fakeHubLoadOptions(hub, work), log: (l) => logs.push(l) };
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('mcqa suite: MedQA 1273, MedMCQA 4183, PubMedQA 500, MMLU-medical 1089 (135/265/144/173/100/272), CareQA 5621', async () => {
    const counts: Record<string, number> = {};
    const loaded: Record<string, Sample[]> = {};
    for (const id of resolveBenchmarks({ suite: 'mcqa' })) {
      loaded[id] = (await loadBenchmark(id, options)).samples;
      counts[id] = loaded[id].length;
    }
    expect(counts).toEqual({
      medqa: 1273,
      medmcqa: 4183,
      pubmedqa: 500,
      'mmlu-anatomy': 135,
      'mmlu-clinical-knowledge': 265,
      'mmlu-college-biology': 144,
      'mmlu-college-medicine': 173,
      'mmlu-medical-genetics': 100,
      'mmlu-professional-medicine': 272,
      careqa: 5621,
    });
    const mmlu = resolveBenchmarks({ suite: 'mmlu-medical' }).reduce((n, id) => n + counts[id], 0);
    expect(mmlu).toBe(1089);
    // CareQA's answer keys, against the staged data's cop histogram {1: 1390, 2: 1460, 3: 1486, 4: 1285}.
    expect(countBy(loaded.careqa.map((s) => ({ ...s, metadata: { k: s.answer! } })), 'k')).toEqual({ A: 1390, B: 1460, C: 1486, D: 1285 });
    expect(new Set(loaded.careqa.map((s) => s.id)).size).toBe(5621);
    // PubMedQA's first test question, context joined exactly as lm-eval does.
    expect(loaded.pubmedqa[0].question).toBe('Is anorectal endosonography valuable in dyschesia?');
    expect(loaded.pubmedqa[0].context!.startsWith('Dyschesia can be provoked by inappropriate defecation movements.')).toBe(true);
    expect(countBy(loaded.pubmedqa.map((s) => ({ ...s, metadata: { k: s.options![s.answer!.charCodeAt(0) - 65].text } })), 'k')).toMatchObject({
      yes: expect.any(Number),
      no: expect.any(Number),
      maybe: expect.any(Number),
    });
    expect(loaded.medqa.every((s) => s.options!.length === 4)).toBe(true);
    expect(countBy(loaded.medqa, 'step')).toEqual({ step1: expect.any(Number), 'step2&3': expect.any(Number) });
  });

  it('a second load of the whole suite makes no request', async () => {
    hub.requests.length = 0;
    for (const id of resolveBenchmarks({ suite: 'mcqa' })) await loadBenchmark(id, options);
    expect(hub.requests).toEqual([]);
  });

  it('pools: MMLU dev + validation, PubMedQA train + validation, CareQA from MedMCQA train', async () => {
    expect((await loadPoolSamples('mmlu-anatomy', options)).samples).toHaveLength(5 + 14);
    expect((await loadPoolSamples('pubmedqa', options)).samples).toHaveLength(450 + 50);
    const careqa = await loadPoolSamples('careqa', options);
    expect(careqa.benchmark).toBe('medmcqa');
    // The shared copy of MedMCQA train is a 10,000-row subset: loaded, with a warning.
    expect(careqa.samples).toHaveLength(10000);
    expect(logs).toContain('warning: medmcqa train has 10000 rows; the official count is 182822 (a different copy or revision of the data)');
  });

  it('ACI-BENCH: test1/test2/test3 40 each, valid 20, train 67, all matching their sha256 pins', async () => {
    const test = await loadBenchmark('aci-bench', options);
    expect(countBy(test.samples, 'testset')).toEqual({ test1: 40, test2: 40, test3: 40 });
    expect(test.provenance).toMatchObject({ source: 'url', repo: 'wyim/aci-bench', revision: 'b909b2bb9cf1d19de08df15cddde7bd0179665e4' });
    expect((await loadBenchmark('aci-bench', options, 'valid')).samples).toHaveLength(20);
    expect((await loadPoolSamples('aci-bench', options)).samples).toHaveLength(67);
  });

  it('MTS-Dialog: test sets 1 and 2 with 200 each, unique ids', async () => {
    const { samples } = await loadBenchmark('mts-dialog', options);
    expect(countBy(samples, 'testset')).toEqual({ test1: 200, test2: 200 });
    expect(new Set(samples.map((s) => s.id)).size).toBe(400);
    expect((await loadBenchmark('mts-dialog', options, 'validation')).samples).toHaveLength(100);
    expect((await loadPoolSamples('mts-dialog', options)).samples).toHaveLength(1201);
  });

  it('MedLFQA: the four staged files by subset; the full test split names the missing file', async () => {
    const sizes: Record<string, number> = {};
    for (const split of ['kqa_golden', 'kqa_silver_wogold', 'live_qa', 'medication_qa']) {
      sizes[split] = (await loadBenchmark('olaph', options, split)).samples.length;
    }
    expect(sizes).toEqual({ kqa_golden: 201, kqa_silver_wogold: 904, live_qa: 100, medication_qa: 666 });
    expect(logs).toContain('warning: olaph live_qa has 1 sample(s) with an empty reference; they score 0 for every model');
    await expect(loadBenchmark('olaph', options)).rejects.toThrow(/dmis-lab\/MedLFQA\/healthsearch_qa_test_MedLFQA.jsonl@[0-9a-f]{12}: no such file/);
  });

  it('medical text classification: 2888 abstracts over five classes, via its URL source', async () => {
    const { samples, provenance } = await loadBenchmark('medtext-classification', options);
    expect(samples).toHaveLength(2888);
    expect(Object.keys(countBy(samples.map((s) => ({ ...s, metadata: { k: s.answer! } })), 'k')).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(provenance.files).toEqual([{ path: 'medical_tc_test.csv', sha256: '1eecea73c9ecad292c55e10403bd139fab9580545d6878482997c5564d51ac05' }]);
  });
});
