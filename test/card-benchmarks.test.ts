/**
 * Issue 14: the card-only benchmarks (BioRED, Medical Prescription, MIMIC-III hospital course)
 * read from synthetic fixtures in each layout through the fake Hub; a gated repo refused (401,
 * 403) and then served with a token; `--file` overrides; bad rows and wrong columns as one line,
 * never quoting credentialed text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadBenchmark, loadOptionsFromFlags, loadPoolSamples, type LoadOptions } from '../src/datasets/index.js';
import { UserError } from '../src/util/errors.js';
import { fakeHubLoadOptions, useFixtureHub } from './helpers/dataset-fixtures.js';
import { fakeCommit } from './helpers/fake-hub.js';
import { parquetFixtureBytes } from './helpers/parquet-fixture.js';

const MIMIC = 'dmacres/mimiciii-hospitalcourse-meta';
const fx = useFixtureHub({ gated: [MIMIC], gatedToken: 'hf_granted' });
let options: LoadOptions;

beforeEach(() => {
  options = fakeHubLoadOptions(fx.hub, fx.work);
});

async function userError(p: Promise<unknown>): Promise<UserError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).exitCode).toBe(2);
  expect((err as UserError).message).not.toContain('\n');
  return err as UserError;
}

describe('layouts through the fake Hub', () => {
  it('BioRED: parquet branch, relations as parallel lists → gold triples in the answer format', async () => {
    const { samples, provenance } = await loadBenchmark('biored', options);
    expect(provenance).toMatchObject({ source: 'hub', repo: 'YufeiHFUT/BioRED_all_info', revision: fakeCommit('YufeiHFUT/BioRED_all_info', 'refs/convert/parquet') });
    expect(samples.map((s) => s.id)).toEqual(['900001', '900002', '900003']);
    // concept ids named by their first mention; one line per relation
    expect(samples[0].references).toEqual(['Drug X | disease Y | Negative_Correlation\nv1 | disease Y | Association\nDrug X | G1 | Bind']);
    expect(samples[0].metadata).toEqual({ gold_relations: 3 });
    expect(samples[1].references).toEqual(['G2 | Chemical Z | Positive_Correlation']);
    expect(samples[2].references).toEqual(['none']);
    expect(samples[0].question).toMatch(/^Synthetic abstract\./);
  });

  it('Medical Prescription: the single CSV at main is the scored split', async () => {
    const { spec, samples } = await loadBenchmark('medical-prescription', options);
    expect(spec.evalSplit).toBe('train');
    expect(samples).toHaveLength(3);
    expect(samples[0]).toMatchObject({ id: 'train-0', question: expect.stringMatching(/^Synthetic case: adult with uncomplicated/), references: [expect.stringMatching(/^Nitrofurantoin/)] });
  });
});

describe('gated data', () => {
  it('MIMIC: 401 without a token is one line (repo, gated, access page, the two ways in); 403 with an ungranted token; 200 with a granted one', async () => {
    const refused = await userError(loadBenchmark('mimic-iii-hospital-course', options));
    expect(refused.message).toBe(
      `${MIMIC} is gated: the Hub refused access (HTTP 401) and no HF_TOKEN was set; request access at https://huggingface.co/datasets/${MIMIC}, then either set HF_TOKEN to a read token of the account granted access, or use local files with --data-dir DIR (or --file <benchmark>=PATH)`,
    );
    const wrong = await userError(loadBenchmark('mimic-iii-hospital-course', { ...options, token: 'hf_not_granted' }));
    expect(wrong.message).toMatch(new RegExp(`^${MIMIC} is gated: the Hub refused access \\(HTTP 403\\) and the HF_TOKEN sent has no access to it`));
    expect(wrong.message).not.toContain('hf_not_granted');
    const { samples, spec } = await loadBenchmark('mimic-iii-hospital-course', { ...options, token: 'hf_granted' });
    expect(spec.credentialed).toBe(true);
    expect(samples).toHaveLength(2);
    expect(samples[0].references![0]).toMatch(/^SYNTHETIC\./);
  });

  it('MIMIC from a --data-dir mirror needs no Hub at all', async () => {
    const { samples, provenance } = await loadBenchmark('mimic-iii-hospital-course', { ...options, dataDir: fx.mirror });
    expect(samples).toHaveLength(2);
    expect(provenance.source).toBe('local');
    expect(fx.hub.requests).toEqual([]);
  });

  it('MIMIC from a --data-dir mirror with other columns: one line naming the columns expected and found', async () => {
    const dir = join(fx.work, 'mirror', ...MIMIC.split('/'), 'data');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'test-00000-of-00001-e79c5993b9fe60d6.parquet');
    writeFileSync(file, parquetFixtureBytes({ columns: { TEXT: 'string', HOSPITAL_COURSE: 'string' }, rows: [{ TEXT: 'SYNTHETIC SECRET', HOSPITAL_COURSE: 'SYNTHETIC SECRET' }] }));
    const err = await userError(loadBenchmark('mimic-iii-hospital-course', { ...options, dataDir: join(fx.work, 'mirror') }));
    expect(err.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: expected columns text, summary but found TEXT, HOSPITAL_COURSE; rename the columns \\(missing: text, summary\\)`));
    expect(err.message).not.toContain('SECRET');
  });
});

describe('--file <benchmark>=PATH', () => {
  const fileOptions = (path: string): LoadOptions => ({ ...options, ...loadOptionsFromFlags({ file: [`mimic-iii-hospital-course=${path}`] }, () => {}), hubUrl: 'http://127.0.0.1:9', lockFile: false });

  it('reads one local CSV or JSONL as the eval split, without any Hub request', async () => {
    const csv = join(fx.work, 'notes.csv');
    writeFileSync(csv, 'text,summary,extra\n"SYNTHETIC note one.","SYNTHETIC course one.",x\n"SYNTHETIC note two.","SYNTHETIC course two.",y\n');
    const { samples, provenance } = await loadBenchmark('mimic-iii-hospital-course', fileOptions(csv));
    expect(samples.map((s) => [s.id, s.question, s.references])).toEqual([
      ['test-0', 'SYNTHETIC note one.', ['SYNTHETIC course one.']],
      ['test-1', 'SYNTHETIC note two.', ['SYNTHETIC course two.']],
    ]);
    expect(provenance).toMatchObject({ source: 'local', repo: MIMIC, revision: 'local file (--file)', files: [{ path: csv }] });
    const jsonl = join(fx.work, 'notes.jsonl');
    writeFileSync(jsonl, '{"text": "SYNTHETIC note.", "summary": "SYNTHETIC course."}\n');
    expect((await loadBenchmark('mimic-iii-hospital-course', fileOptions(jsonl))).samples).toHaveLength(1);
    expect(fx.hub.requests).toEqual([]);
  });

  it('wrong columns: one line naming the columns expected and found, no row content', async () => {
    const csv = join(fx.work, 'wrong.csv');
    writeFileSync(csv, 'note_text,hospital_course\n"SYNTHETIC SECRET NOTE","SYNTHETIC SECRET COURSE"\n');
    const err = await userError(loadBenchmark('mimic-iii-hospital-course', fileOptions(csv)));
    expect(err.message).toBe(
      `--file mimic-iii-hospital-course=${csv}: expected columns text, summary but found note_text, hospital_course; rename the columns (missing: text, summary), or change "fields" in ${join(process.cwd(), 'benchmarks', 'mimic-iii-hospital-course.yaml')}`,
    );
    // a file without a header row: its first row would be the "names"; they are not shown
    const headless = join(fx.work, 'headless.csv');
    writeFileSync(headless, '"SYNTHETIC SECRET: patient with a long history of things",short\n"a","b"\n');
    const e2 = await userError(loadBenchmark('mimic-iii-hospital-course', fileOptions(headless)));
    expect(e2.message).toMatch(/expected columns text, summary but found short and 1 that do not look like column names \(is the header row missing\?\)/);
    expect(e2.message).not.toContain('SECRET');
  });

  it('a bad row names file, row and field, and never quotes credentialed text', async () => {
    const jsonl = join(fx.work, 'bad.jsonl');
    writeFileSync(jsonl, '{"text": "SYNTHETIC ok.", "summary": "SYNTHETIC ok."}\n{"text": "SYNTHETIC SECRET TEXT", "summary": 42}\n');
    const err = await userError(loadBenchmark('mimic-iii-hospital-course', fileOptions(jsonl)));
    expect(err.message).toMatch(new RegExp(`^${jsonl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} row 1: field "summary" is a number \\(value not shown: credentialed data\\), expected text`));
    const broken = join(fx.work, 'broken.jsonl');
    writeFileSync(broken, '{"text": "SYNTHETIC SECRET TEXT", "summary": "x"\n');
    const e2 = await userError(loadBenchmark('mimic-iii-hospital-course', fileOptions(broken)));
    expect(e2.message).toMatch(/line 1 is not valid JSON \(parser message not shown: credentialed data\)/);
    for (const e of [err, e2]) expect(e.message).not.toContain('SECRET');
  });

  it('a BioRED row that does not fit: file, row and field (relation lists that are not parallel)', async () => {
    const dir = join(fx.work, 'mirror', 'YufeiHFUT', 'BioRED_all_info', '@refs%2Fconvert%2Fparquet', 'default', 'test');
    mkdirSync(dir, { recursive: true });
    const lists = { document_id: 'string', document_text: 'string', relation_entity1: 'string[]', relation_entity2: 'string[]', relation_type: 'string[]', annotation_groundings: 'string[]', annotation_texts: 'string[]' } as const;
    const row = { document_id: '1', document_text: 'Synthetic.', annotation_groundings: [], annotation_texts: [] };
    writeFileSync(join(dir, '0000.parquet'), parquetFixtureBytes({
      columns: lists,
      rows: [{ ...row, relation_entity1: ['a'], relation_entity2: ['b'], relation_type: ['Bind'] }, { ...row, document_id: '2', relation_entity1: ['a', 'c'], relation_entity2: ['b'], relation_type: ['Bind'] }],
    }));
    const err = await userError(loadBenchmark('biored', { ...options, dataDir: join(fx.work, 'mirror') }));
    expect(err.message).toBe(
      `${join(dir, '0000.parquet')} row 1: field "relation_type" has 1 items but relation_entity1 has 2 and relation_entity2 1; the three lists must be parallel; the file does not fit its benchmark's schema (fix the file, or the "fields" mapping in its benchmarks/*.yaml)`,
    );
  });

  it('stands for the eval split only: a pool split is refused with the fix', async () => {
    const csv = join(fx.work, 'notes.csv');
    writeFileSync(csv, 'text,summary\nSYNTHETIC.,SYNTHETIC.\n');
    const opts = { ...options, ...loadOptionsFromFlags({ file: [`medmcqa=${csv}`] }, () => {}) };
    const err = await userError(loadPoolSamples('medmcqa', opts));
    expect(err.message).toMatch(/^--file medmcqa=.* stands for the eval split \(validation\) only, but split "train" of medmcqa was asked for/);
  });

  it('bad --file entries: one line each', () => {
    const flags = (file: string[]) => () => loadOptionsFromFlags({ file }, () => {});
    expect(flags(['mimic-iii-hospital-course'])).toThrow(/^--file mimic-iii-hospital-course: expected <benchmark>=PATH/);
    expect(flags(['mimicc=x.csv'])).toThrow(/^--file mimicc=x.csv: unknown benchmark "mimicc" \(known: .*mimic-iii-hospital-course/);
    expect(flags(['biored=/no/such/file.csv'])).toThrow(/^--file biored=\/no\/such\/file.csv: \/no\/such\/file.csv is not a file/);
  });
});
