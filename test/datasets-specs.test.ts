import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  benchmarksDir,
  getBenchmark,
  listBenchmarks,
  resolveBenchmarks,
  suiteOf,
  suites,
} from '../src/datasets/index.js';
import { readCatalogue } from '../src/datasets/registry.js';
import { readBenchmarkFile } from '../src/datasets/spec.js';
import { thrownUserError } from './helpers/user-error.js';

const MCQA = [
  'medqa', 'medmcqa', 'pubmedqa',
  'mmlu-anatomy', 'mmlu-clinical-knowledge', 'mmlu-college-biology',
  'mmlu-college-medicine', 'mmlu-medical-genetics', 'mmlu-professional-medicine',
  'careqa',
];
const OPEN = ['aci-bench', 'mts-dialog', 'medtext', 'mediqa-qa', 'meddialog-qsumm', 'careqa-open', 'olaph'];
/** The model card's sets that are in no other suite (issue 14). */
const CARD_ONLY = ['biored', 'medical-prescription', 'mimic-iii-hospital-course'];
/** The Open LLM Leaderboard suite (docs/general-suite.md); its ids are checked in test/leaderboard-tasks.test.ts. */
const GENERAL = [...(suites.general ?? []), ...(suites['bbh-cot'] ?? [])];
/** Generation benchmarks checked by rules (issue 16). */
const GEN: Record<string, { metric: string; adapter: string; prompt: string }> = {
  ifeval: { metric: 'ifeval', adapter: 'ifeval', prompt: 'gen/ifeval' },
  'math-hard': { metric: 'exact_match', adapter: 'math', prompt: 'gen/minerva-math' },
};
const SAFETY = ['med-safety-bench', 'xstest', 'aloe-risks'];

describe('the benchmark catalogue', () => {
  it('has exactly the benchmark ids the CLI, files and reports use', () => {
    expect(listBenchmarks().map((s) => s.id).sort()).toEqual([...MCQA, ...OPEN, 'medtext-classification', ...CARD_ONLY, 'openmedqa', ...GENERAL, ...SAFETY].sort());
    expect(GENERAL).toEqual(expect.arrayContaining(Object.keys(GEN)));
  });

  it('defines the suites mcqa, open, mmlu-medical and safety', () => {
    expect(suites.mcqa).toEqual(MCQA);
    expect(suites.open).toEqual(OPEN);
    expect(suites['mmlu-medical']).toEqual(MCQA.filter((id) => id.startsWith('mmlu-')));
    expect(suites.safety).toEqual(SAFETY);
    expect(Object.keys(suites)).toEqual(['mcqa', 'open', 'mmlu-medical', 'general', 'bbh', 'gpqa', 'musr', 'bbh-cot', 'aloe-card', 'safety']);
    expect(suiteOf('mmlu-anatomy')).toBe('mcqa');
    expect(suiteOf('olaph')).toBe('open');
    expect(suiteOf('medtext-classification')).toBe('aloe-card');
  });

  it('defines aloe-card as every card benchmark aloe-eval has: mcqa, medtext-classification, open, the card-only three, general', () => {
    expect(suites['aloe-card']).toEqual([...MCQA, 'medtext-classification', ...OPEN, ...CARD_ONLY, ...suites.general]);
    expect(getBenchmark('mimic-iii-hospital-course').credentialed).toBe(true);
    expect(listBenchmarks().filter((s) => s.credentialed).map((s) => s.id)).toEqual(['mimic-iii-hospital-course']);
    expect(getBenchmark('biored')).toMatchObject({ metric: 'rouge-relations', adapter: 'relations', evalSplit: 'test' });
  });

  it('gives every benchmark the fields the runner reads, consistent with its kind', () => {
    for (const spec of listBenchmarks()) {
      expect(spec.title.length).toBeGreaterThan(0);
      if (spec.kind === 'gen') {
        expect({ metric: spec.metric, adapter: spec.adapter, prompt: spec.prompt }).toEqual(GEN[spec.id]);
        continue;
      }
      if (spec.kind === 'safety') {
        expect(['harmful_compliance', 'over_refusal']).toContain(spec.metric);
        expect(spec.adapter).toBe('safety');
        continue;
      }
      expect(spec.metric).toBe(spec.kind === 'mcqa' ? 'accuracy' : spec.id === 'biored' ? 'rouge-relations' : spec.id.startsWith('bbh-cot-') ? 'answer-exact-match' : 'rouge');
      // The leaderboard sets and BioRED have record shapes of their own.
      expect(spec.adapter).toBe(['bbh', 'gpqa', 'musr', 'relations'].includes(spec.adapter) ? spec.adapter : spec.kind);
      expect(Object.keys(spec.splits)).toContain(spec.evalSplit);
      expect(Array.isArray(spec.groups)).toBe(true);
      if (spec.kind === 'open') {
        expect(spec.prompt).toBe(spec.id.startsWith('bbh-cot-') ? 'open/bbh-cot' : `open/${spec.id}`);
        expect(spec.maxTokens).toBeGreaterThan(0);
      } else if (spec.kind === 'safety') {
        expect(spec.prompt).toBe('safety/plain');
        expect(spec.judge).toBeDefined();
      } else expect(spec.prompt).toBe('mcqa-plain');
    }
    expect(getBenchmark('mmlu-anatomy').group).toBe('mmlu-medical');
    expect(getBenchmark('careqa').groups).toEqual(['category']);
    expect(getBenchmark('mts-dialog').stop).toBeUndefined();
    expect(getBenchmark('mediqa-qa').stop).toEqual(['\n\n']);
  });

  it('pins every URL source to a commit, and Hub sources to a branch (no invented commit shas)', () => {
    for (const spec of listBenchmarks()) {
      if (spec.source.type === 'github') expect(spec.source.commit).toMatch(/^[0-9a-f]{40}$/);
      else if (spec.source.type === 'package') expect(spec.id).toBe('aloe-risks');
      else expect(['main', 'refs/convert/parquet']).toContain(spec.source.revision);
    }
    const aci = getBenchmark('aci-bench');
    expect(aci.source).toEqual({ type: 'github', repo: 'wyim/aci-bench', commit: 'b909b2bb9cf1d19de08df15cddde7bd0179665e4' });
    expect(aci.splits.test.files.map((f) => f.sha256)).toEqual([
      '5cc4008e68545f84913744a8e493a58bdf17ba7e1b7a0be46d6943d6bfca9471',
      '599e3330a14e25a0e056aee1365ffac7ebe50058f15821eae42a5513c2bb5a4f',
      'd3c18362a42124ea2bd1b2b4b66ba76a11bb123dfdb416471ae3b5924d1428ec',
    ]);
    expect(getBenchmark('careqa').pool).toEqual({ benchmark: 'medmcqa', splits: ['train'] });
    expect(getBenchmark('mmlu-anatomy').pool).toEqual({ splits: ['dev', 'validation'] });
  });

  it('ships a prompt template for every open benchmark whose placeholders its samples can fill', () => {
    for (const id of [...OPEN, ...CARD_ONLY]) {
      const spec = getBenchmark(id);
      const text = readFileSync(join(benchmarksDir, '..', 'prompts', `${spec.prompt}.txt`), 'utf8');
      const names = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
      expect(names).toContain('question');
      const metadata = new Set([
        ...Object.keys(spec.fields.metadata),
        ...Object.values(spec.splits).flatMap((s) => s.files.flatMap((f) => Object.keys(f.metadata ?? {}))),
      ]);
      for (const name of names) expect(['question', 'context', ...metadata]).toContain(name);
    }
  });
});

describe('resolveBenchmarks', () => {
  it('expands a suite, keeps order, drops duplicates, and expands a suite named inside --benchmarks', () => {
    expect(resolveBenchmarks({ suite: 'mcqa' })).toEqual(MCQA);
    expect(resolveBenchmarks({ benchmarks: ['medqa', 'mmlu-medical', 'mmlu-anatomy', ' pubmedqa '] })).toEqual([
      'medqa',
      ...MCQA.filter((id) => id.startsWith('mmlu-')),
      'pubmedqa',
    ]);
  });

  it('rejects unknown suites and benchmarks with one line listing the known names', () => {
    const suite = thrownUserError(() => resolveBenchmarks({ suite: 'mcq' }));
    expect(suite.message).toMatch(/unknown suite "mcq" \(known: mcqa, open, mmlu-medical, general, bbh, gpqa, musr, bbh-cot, aloe-card, safety\); fix --suite/);
    const bench = thrownUserError(() => resolveBenchmarks({ benchmarks: ['medqa', 'medqaa'] }));
    expect(bench.message).toMatch(/unknown benchmark "medqaa" \(known: .*medqa.*\)/);
    expect(bench.message).not.toContain('\n');
    expect(thrownUserError(() => getBenchmark('nope')).message).toContain('aloe-eval list');
    expect(thrownUserError(() => resolveBenchmarks({})).message).toMatch(/--suite NAME or --benchmarks/);
  });
});

describe('benchmark file validation', () => {
  const medqa = readFileSync(join(benchmarksDir, 'medqa.yaml'), 'utf8');

  function withFile(name: string, text: string, fn: (file: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'aloe-spec-'));
    try {
      const file = join(dir, name);
      writeFileSync(file, text);
      fn(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const cases: [string, string, string, RegExp][] = [
    ['unknown key', 'medqa.yaml', medqa.replace('evalSplit: test', 'evalSplit: test\nevalsplit: test'), /key "evalsplit": unknown key; fix its spelling or remove it/],
    ['bad kind', 'medqa.yaml', medqa.replace('kind: mcqa', 'kind: essay'), /key "kind": Invalid option: expected one of "mcqa"\|"open"/],
    ['metric not fitting kind', 'medqa.yaml', medqa.replace('metric: accuracy', 'metric: rouge'), /key "metric": a mcqa benchmark is scored by accuracy/],
    ['eval split missing', 'medqa.yaml', medqa.replace('evalSplit: test', 'evalSplit: dev'), /key "evalSplit": "dev" is not one of the splits \(test, train\)/],
    ['id not matching the file name', 'other.yaml', medqa, /key "id": is "medqa" but the file is named other.yaml/],
    ['bad field mapping', 'medqa.yaml', medqa.replace('answerFormat: key', 'answerFormat: letter'), /key "fields.answerFormat": Invalid option/],
    ['unknown adapter', 'medqa.yaml', medqa.replace('kind: mcqa', 'kind: mcqa\nadapter: magic'), /key "adapter": unknown adapter "magic" \(known: mcqa, open, relations, bbh, gpqa, musr, ifeval, math, safety\)/],
    ['github without commit', 'medqa.yaml', medqa.replace('hub: GBaker/MedQA-USMLE-4-options\n  revision: main', 'github: owner/repo'), /key "source.commit": a GitHub source needs "commit: <40-hex sha>"/],
    ['short commit', 'medqa.yaml', medqa.replace('hub: GBaker/MedQA-USMLE-4-options\n  revision: main', 'github: owner/repo\n  commit: b909b2b'), /key "source.commit": must be a full 40-character commit sha/],
    ['both sources', 'medqa.yaml', medqa.replace('revision: main', 'github: o/r'), /key "source": give exactly one of/],
    ['pool split missing', 'medqa.yaml', medqa.replace('splits: [train]', 'splits: [dev]'), /key "pool.splits": "dev" is not one of the splits/],
    ['not YAML', 'medqa.yaml', 'id: [medqa', /medqa.yaml: not valid YAML/],
  ];
  for (const [what, name, text, pattern] of cases) {
    it(`names file, key and problem: ${what}`, () => {
      withFile(name, text, (file) => {
        const err = thrownUserError(() => readBenchmarkFile(file));
        expect(err.message).toContain(file);
        expect(err.message).toMatch(pattern);
        expect(err.message).not.toContain('\n');
      });
    });
  }

  it('checks suites and cross-benchmark pool references against the catalogue', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloe-cat-'));
    try {
      copyFileSync(join(benchmarksDir, 'careqa.yaml'), join(dir, 'careqa.yaml'));
      expect(thrownUserError(() => readCatalogue(dir)).message).toMatch(/careqa.yaml: key "pool.benchmark": unknown benchmark "medmcqa"/);
      copyFileSync(join(benchmarksDir, 'medmcqa.yaml'), join(dir, 'medmcqa.yaml'));
      writeFileSync(join(dir, 'suites.yaml'), 'mcqa: [medmcqa, careqa, medqa]\n');
      expect(thrownUserError(() => readCatalogue(dir)).message).toMatch(/suite "mcqa" lists unknown benchmark "medqa"/);
      writeFileSync(join(dir, 'suites.yaml'), 'mcqa: [medmcqa, careqa]\n');
      expect(readCatalogue(dir).suites).toEqual({ mcqa: ['medmcqa', 'careqa'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
