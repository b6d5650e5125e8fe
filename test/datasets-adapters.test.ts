/**
 * Each benchmark's field mapping on synthetic rows in its real format and layout, read through
 * the `--data-dir` path (Hub sources) or straight from the fixture bytes (pinned GitHub sources,
 * whose pins only the real files satisfy). Bad records: errors name file, row and field.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBenchmark, loadBenchmark, loadPoolSamples, type BenchmarkSpec, type LoadOptions } from '../src/datasets/index.js';
import { adaptFiles } from '../src/datasets/load.js';
import { mcqaAdapter } from '../src/datasets/adapters/mcqa.js';
import { openAdapter } from '../src/datasets/adapters/open.js';
import type { Sample } from '../src/types/sample.js';
import { UserError } from '../src/util/errors.js';
import { sha256 } from '../src/util/hash.js';
import { buildFixtureMirror } from './helpers/dataset-fixtures.js';

let mirror: string;
let options: LoadOptions;
const logs: string[] = [];

beforeAll(() => {
  mirror = buildFixtureMirror();
  options = { dataDir: mirror, lockFile: false, offline: true, log: (l) => logs.push(l) };
});
afterAll(() => rmSync(mirror, { recursive: true, force: true }));

const load = async (id: string, split?: string) => (await loadBenchmark(id, options, split)).samples;

/** A split of a GitHub-sourced benchmark, adapted from the fixture bytes (no pin check). */
async function adaptGithub(id: string, split: string): Promise<Sample[]> {
  const spec = getBenchmark(id);
  if (spec.source.type !== 'github') throw new Error('not a GitHub source');
  const { repo, commit } = spec.source;
  const files = spec.splits[split].files.map((file) => {
    const bytes = readFileSync(join(mirror, 'github', ...repo.split('/'), commit, ...file.path.split('/')));
    return { file, display: file.path, bytes, sha256: sha256(bytes) };
  });
  return adaptFiles(spec, split, files);
}

describe('multiple-choice benchmarks', () => {
  it('medqa: options object keyed A-D, answer_idx letter, step metadata, <split>-<row> ids, text untouched', async () => {
    const samples = await load('medqa');
    expect(samples.map((s) => s.id)).toEqual(['test-0', 'test-1', 'test-2']);
    expect(samples[0]).toEqual({
      id: 'test-0',
      benchmark: 'medqa',
      kind: 'mcqa',
      question: 'A 23-year-old woman presents with fever and dysuria.  Which is the most likely organism?',
      options: [
        { key: 'A', text: 'Escherichia coli' },
        { key: 'B', text: 'Staphylococcus saprophyticus' },
        { key: 'C', text: 'Proteus mirabilis' },
        { key: 'D', text: 'Klebsiella pneumoniae' },
      ],
      answer: 'A',
      metadata: { step: 'step1' },
    });
    expect(samples[1].question).toBe('Which drug reverses heparin?\n(Assume adult dosing.)');
    expect(samples[1].options![3].text).toBe(' Andexanet alfa ');
    expect(samples.map((s) => s.answer)).toEqual(['A', 'B', 'C']);
  });

  it('medmcqa: opa-opd, 0-based cop (INT64), own UUID ids with a <split>-<row> fallback where null', async () => {
    const samples = await load('medmcqa');
    expect(samples.map((s) => s.id)).toEqual(['e9ad821a-c438-4965-9f77-760819dfa155', '0c5b8a8a-1b3f-4d6e-9a44-3c1a2f0f8e11', 'validation-2']);
    expect(samples.map((s) => s.answer)).toEqual(['A', 'B', 'D']);
    expect(samples[1].options!.map((o) => o.text)).toEqual(['Phenytoin', 'Ethosuximide', 'Carbamazepine', 'Phenobarbitone']);
    expect(samples[1].metadata).toEqual({ subject: 'Pharmacology', topic: 'Anti-epileptics', choice_type: 'single' });
    expect(samples[0].metadata.topic).toBeNull();
  });

  it('pubmedqa: CONTEXTS joined with "\\n" exactly, QUESTION raw, yes/no/maybe keyed A/B/C', async () => {
    const samples = await load('pubmedqa');
    expect(samples[0]).toEqual({
      id: 'test-0',
      benchmark: 'pubmedqa',
      kind: 'mcqa',
      question: 'Is anorectal endosonography valuable in dyschesia?',
      context: 'Dyschesia can be provoked by inappropriate defecation movements. \nTwenty consecutive patients were examined.\n',
      options: [
        { key: 'A', text: 'yes' },
        { key: 'B', text: 'no' },
        { key: 'C', text: 'maybe' },
      ],
      answer: 'A',
      metadata: { year: '2002' },
    });
    expect(samples.map((s) => s.answer)).toEqual(['A', 'B', 'C']);
    expect(samples[1].metadata.year).toBeNull();
  });

  it('mmlu: choices list, 0-based answer, subject metadata, question not stripped', async () => {
    const samples = await load('mmlu-anatomy');
    expect(samples.map((s) => [s.id, s.answer])).toEqual([['test-0', 'A'], ['test-1', 'D']]);
    expect(samples[1].question).toBe('  The hyoid bone arises from which arches? ');
    expect(samples[1].metadata).toEqual({ subject: 'anatomy' });
    expect(samples[1].options!.map((o) => o.key)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('careqa: op1-op4, 1-based cop, unique_id ids, category and year metadata', async () => {
    const samples = await load('careqa');
    expect(samples.map((s) => [s.id, s.answer])).toEqual([
      ['0e2d7263-0f92-429d-8345-612348f07960', 'B'],
      ['5f1c2b7e-2d7a-4b8e-9c1e-0b6c7a1d2e3f', 'A'],
    ]);
    expect(samples[0].metadata).toEqual({ category: 'Medicine', year: 2024, exam_id: 26 });
  });

  it('medtext-classification: the abstract as context, five fixed classes, 1-based label', async () => {
    const samples = await adaptGithub('medtext-classification', 'test');
    expect(samples[0]).toMatchObject({
      id: 'test-0',
      question: 'Which of the following topics does this medical abstract belong to?',
      context: 'Obstructive sleep apnea following topical oropharyngeal anesthesia in loud snorers.',
      answer: 'C',
    });
    expect(samples[0].options!.map((o) => o.text)).toEqual([
      'neoplasms',
      'digestive system diseases',
      'nervous system diseases',
      'cardiovascular diseases',
      'general pathological conditions',
    ]);
    expect(samples[1].answer).toBe('A');
  });
});

describe('pools (labelled splits for Medprompt and few-shot)', () => {
  it('mmlu draws from dev + validation, medqa from train', async () => {
    const mmlu = await loadPoolSamples('mmlu-anatomy', options);
    expect(mmlu.benchmark).toBe('mmlu-anatomy');
    expect(mmlu.samples.map((s) => s.id)).toEqual(['dev-0', 'validation-0']);
    expect(mmlu.provenance.files.map((f) => f.path)).toEqual(['anatomy/dev-00000-of-00001.parquet', 'anatomy/validation-00000-of-00001.parquet']);
    expect((await loadPoolSamples('medqa', options)).samples.map((s) => s.answer)).toEqual(['C', 'A']);
  });

  it('careqa borrows medmcqa train, and its samples say so', async () => {
    const pool = await loadPoolSamples('careqa', options);
    expect(pool.benchmark).toBe('medmcqa');
    expect(pool.samples.map((s) => [s.benchmark, s.id])).toEqual([['medmcqa', 'a1'], ['medmcqa', 'a2']]);
    expect(pool.provenance.repo).toBe('openlifescienceai/medmcqa');
  });

  it('a benchmark without a pool says so', async () => {
    await expect(loadPoolSamples('olaph', options)).rejects.toThrow(/olaph has no labelled split to draw examples from/);
  });
});

describe('open-ended benchmarks', () => {
  it('aci-bench: three test sets in one split with metadata.testset, encounter ids, raw dialogue and note', async () => {
    const samples = await adaptGithub('aci-bench', 'test');
    expect(samples.map((s) => [s.id, s.metadata.testset])).toEqual([
      ['D2N088', 'test1'],
      ['D2N128', 'test2'],
      ['D2N168', 'test3'],
    ]);
    expect(samples[0]).toEqual({
      id: 'D2N088',
      benchmark: 'aci-bench',
      kind: 'open',
      question: '[doctor] hi , andrew . how are you ?\n[patient] hey , good to see you .',
      references: ['CHIEF COMPLAINT\n\nUpper respiratory infection.'],
      metadata: { testset: 'test1', source_dataset: 'virtassist' },
    });
    expect((await adaptGithub('aci-bench', 'train')).map((s) => s.id)).toEqual(['D2N001']);
  });

  it('mts-dialog: per-file id prefixes keep ids unique; section header and testset metadata', async () => {
    const samples = await adaptGithub('mts-dialog', 'test');
    expect(samples.map((s) => s.id)).toEqual(['test1-0', 'test1-1', 'test2-0']);
    expect(samples[2]).toMatchObject({
      question: 'Doctor: Any chest pain?\r\nPatient: No.',
      references: ['Denies chest pain.'],
      metadata: { testset: 'test2', section_header: 'ROS' },
    });
  });

  it('medtext (CSV), meddialog-qsumm ({"data"}), careqa-open (JSON array)', async () => {
    const medtext = await load('medtext');
    expect(medtext[0].references).toEqual(['The likely diagnosis is acute myocardial infarction.\nTreatment: aspirin, reperfusion.']);
    expect(medtext[0].question).toContain('"worst ever"');
    const qsumm = await load('meddialog-qsumm');
    expect(qsumm.map((s) => [s.id, s.references![0]])).toEqual([
      ['test-0', 'What causes headache with a stiff neck?'],
      ['test-1', 'Is a rash after peanuts an allergy?'],
    ]);
    const open = await load('careqa-open');
    expect(open.map((s) => s.id)).toEqual(['open-1', 'open-2']);
    expect(open[0]).toMatchObject({ question: 'What hormone regulates iron absorption?', references: ['Hepcidin.'], metadata: { category: 'Medicine', year: 2024 } });
  });

  it('mediqa-qa: nested QUESTION struct; the reference is the first answer in file order (as lm-eval)', async () => {
    const samples = await load('mediqa-qa');
    expect(samples.map((s) => s.id)).toEqual(['1', '2']);
    expect(samples[0].question).toBe('abetalipoproteinemia: is there support for sufferers?');
    expect(samples[0].references).toEqual(['Abetalipoproteinemia is an inherited disorder (first in file order).']);
  });

  it('olaph: five subsets with prefixed ids; an empty reference is kept and logged, not dropped', async () => {
    logs.length = 0;
    const samples = await load('olaph');
    expect(samples.map((s) => s.id)).toEqual([
      'kqa_golden-0',
      'kqa_silver_wogold-0',
      'kqa_silver_wogold-1',
      'live_qa-0',
      'live_qa-1',
      'medication_qa-0',
      'healthsearch_qa-0',
    ]);
    expect(samples[3].references).toEqual(['']);
    expect(logs).toContain('warning: olaph test has 1 sample(s) with an empty reference; they score 0 for every model');
    expect((await load('olaph', 'live_qa')).map((s) => s.id)).toEqual(['live_qa-0', 'live_qa-1']);
  });
});

describe('bad records are errors naming file, row and field', () => {
  const ctx = { file: 'org/name/test.jsonl', row: 7 };
  const medqa = getBenchmark('medqa') as Extract<BenchmarkSpec, { adapter: 'mcqa' }>;
  const good = { question: 'q', options: { A: 'a', B: 'b', C: 'c', D: 'd' }, answer_idx: 'B', meta_info: 'step1' };

  function error(fn: () => unknown): string {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      const message = (err as Error).message;
      expect(message.startsWith('org/name/test.jsonl row 7: field "')).toBe(true);
      return message;
    }
    throw new Error('expected an error');
  }

  it('accepts the good record', () => {
    expect(mcqaAdapter.toSample(good, medqa.fields, ctx).answer).toBe('B');
  });

  it('missing, empty or mistyped question', () => {
    expect(error(() => mcqaAdapter.toSample({ ...good, question: undefined }, medqa.fields, ctx))).toMatch(/field "question" is missing, expected text/);
    expect(error(() => mcqaAdapter.toSample({ ...good, question: '  ' }, medqa.fields, ctx))).toMatch(/field "question" is empty/);
    expect(error(() => mcqaAdapter.toSample({ ...good, question: 42 }, medqa.fields, ctx))).toMatch(/field "question" is the number 42, expected text/);
  });

  it('an answer key that is not an option, options that are not text', () => {
    expect(error(() => mcqaAdapter.toSample({ ...good, answer_idx: 'E' }, medqa.fields, ctx))).toMatch(
      /field "answer_idx" is "E", which is not an option key \(A, B, C, D\)/,
    );
    expect(error(() => mcqaAdapter.toSample({ ...good, options: { A: 'a', B: null } }, medqa.fields, ctx))).toMatch(/field "options.B" is not text/);
    expect(error(() => mcqaAdapter.toSample({ ...good, options: 'abcd' }, medqa.fields, ctx))).toMatch(/field "options" is neither a list nor an object/);
  });

  it('an index out of range, a non-integer index, an answer text matching no option', () => {
    const mm = getBenchmark('medmcqa') as Extract<BenchmarkSpec, { adapter: 'mcqa' }>;
    const row = { question: 'q', opa: 'a', opb: 'b', opc: 'c', opd: 'd', cop: 4n };
    expect(error(() => mcqaAdapter.toSample(row, mm.fields, ctx))).toMatch(/field "cop" is 4, expected 0–3 \(4 options\)/);
    expect(error(() => mcqaAdapter.toSample({ ...row, cop: 'B' }, mm.fields, ctx))).toMatch(/field "cop" is the text "B", expected an integer/);
    expect(error(() => mcqaAdapter.toSample({ ...row, opc: null, cop: 0 }, mm.fields, ctx))).toMatch(/field "opc" is null, expected text/);
    const pm = getBenchmark('pubmedqa') as Extract<BenchmarkSpec, { adapter: 'mcqa' }>;
    expect(error(() => mcqaAdapter.toSample({ QUESTION: 'q', CONTEXTS: ['c'], final_decision: 'Yes' }, pm.fields, ctx))).toMatch(
      /field "final_decision" is "Yes", which matches no option \(yes \/ no \/ maybe\)/,
    );
    const cq = getBenchmark('careqa') as Extract<BenchmarkSpec, { adapter: 'mcqa' }>;
    expect(error(() => mcqaAdapter.toSample({ question: 'q', op1: 'a', op2: 'b', op3: 'c', op4: 'd', cop: 0 }, cq.fields, ctx))).toMatch(/field "cop" is 0, expected 1–4/);
  });

  it('open tasks: a missing reference, a metadata field that is a list, a record that is not an object', () => {
    const aci = getBenchmark('aci-bench') as Extract<BenchmarkSpec, { adapter: 'open' }>;
    const row = { dataset: 'aci', encounter_id: 'D2N001', dialogue: 'd', note: 'n' };
    expect(openAdapter.toSample(row, aci.fields, ctx).references).toEqual(['n']);
    expect(error(() => openAdapter.toSample({ ...row, note: undefined }, aci.fields, ctx))).toMatch(/field "note" is missing, expected text/);
    expect(error(() => openAdapter.toSample({ ...row, dataset: ['a'] }, aci.fields, ctx))).toMatch(/field "dataset" is a list, expected a single value/);
    expect(error(() => openAdapter.toSample(['x'], aci.fields, ctx))).toMatch(/field "\(record\)" is not an object/);
  });

  it('a bad row inside a real file is reported with that file and row, and nothing is skipped', async () => {
    const spec = getBenchmark('medqa');
    const text = [JSON.stringify(good), JSON.stringify(good), JSON.stringify({ ...good, answer_idx: 'Z' })].join('\n');
    const bytes = new TextEncoder().encode(text);
    const file = { file: { path: 'phrases_no_exclude_test.jsonl' }, display: 'GBaker/MedQA-USMLE-4-options/phrases_no_exclude_test.jsonl', bytes, sha256: sha256(bytes) };
    await expect(adaptFiles(spec, 'test', [file])).rejects.toThrow(
      /^GBaker\/MedQA-USMLE-4-options\/phrases_no_exclude_test.jsonl row 2: field "answer_idx" is "Z"/,
    );
  });

  it('duplicate ids within a split are an error naming both rows', async () => {
    const spec = getBenchmark('aci-bench');
    const csv = 'dataset,encounter_id,dialogue,note\naci,D2N001,d1,n1\naci,D2N001,d2,n2\n';
    const bytes = new TextEncoder().encode(csv);
    await expect(adaptFiles(spec, 'train', [{ file: { path: 'train.csv' }, display: 'train.csv', bytes, sha256: sha256(bytes) }])).rejects.toThrow(
      /^train.csv row 1: sample id "D2N001" repeats train.csv row 0; ids must be unique/,
    );
  });
});
