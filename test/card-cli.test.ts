/**
 * Issue 14 end to end with the built CLI: a gated repo is one line and exit 2 until HF_TOKEN is
 * granted; BioRED runs against a scripted OpenAI-compatible server and records ROUGE-1 with the
 * relation P/R/F1 beside it; MIMIC runs from a --file override with no Hub access at all.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFile, SampleRecord } from '../src/types/results.js';
import { runCli } from './helpers/cli.js';
import { buildFixtureMirror } from './helpers/dataset-fixtures.js';
import { startFakeHub, type FakeHub } from './helpers/fake-hub.js';
import { startFakeOpenAI, type ChatBody, type FakeOpenAI } from './helpers/fake-openai.js';
import { promptText } from './helpers/scripted-model.js';

const MIMIC = 'dmacres/mimiciii-hospitalcourse-meta';
let mirror: string;
let hub: FakeHub;
let model: FakeOpenAI;
let work: string;
let env: Record<string, string | undefined>;

/** Answers BioRED prompts by document: all right, one wrong type, prose (unparsed). */
function reply(body: ChatBody): string {
  const text = promptText(body);
  if (text.includes('Drug X lowered')) return 'Drug X | disease Y | Negative_Correlation\ndisease Y | v1 | Association\nDrug X | G1 | Bind';
  if (text.includes('Chemical Z increased')) return 'G2 | Chemical Z | Association';
  if (text.includes('no relation between')) return 'I could not find any.';
  return 'SYNTHETIC course.';
}

beforeAll(async () => {
  mirror = buildFixtureMirror();
  hub = await startFakeHub(mirror, { gated: [MIMIC], gatedToken: 'hf_granted' });
  model = await startFakeOpenAI({ models: ['m'], reply });
  work = mkdtempSync(join(tmpdir(), 'aloe-card-cli-'));
  const cleared = Object.fromEntries(Object.keys(process.env).filter((k) => /^(HF_|HUGGING|ALOE_)/.test(k)).map((k) => [k, undefined]));
  env = { ...cleared, HF_ENDPOINT: hub.url, HF_HUB_CACHE: join(work, 'hf'), ALOE_CACHE_DIR: join(work, 'aloe') };
});
afterAll(async () => {
  await Promise.all([hub.close(), model.close()]);
  rmSync(mirror, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const runDir = (out: string) => join(out, readdirSync(out).find((d) => !d.endsWith('.jsonl'))!);

describe('card benchmarks (built CLI)', () => {
  it('gated MIMIC: exit 2 with one line naming repo, gate, access page and the two ways in; a granted HF_TOKEN downloads it', async () => {
    const refused = await runCli(['datasets', 'download', '--benchmarks', 'mimic-iii-hospital-course'], env, work);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `aloe-eval: ${MIMIC} is gated: the Hub refused access (HTTP 401) and no HF_TOKEN was set; request access at https://huggingface.co/datasets/${MIMIC}, then either set HF_TOKEN to a read token of the account granted access, or use local files with --data-dir DIR (or --file <benchmark>=PATH)`,
    ]);
    const granted = await runCli(['datasets', 'download', '--benchmarks', 'mimic-iii-hospital-course'], { ...env, HF_TOKEN: 'hf_granted' }, work);
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout).toMatch(/^mimic-iii-hospital-course\ttest\t2 rows\thub:dmacres\/mimiciii-hospitalcourse-meta@/);
    expect(granted.stderr).not.toContain('SYNTHETIC');
  });

  it('BioRED run: ROUGE-1 headline, relation micro P/R/F1 and unparsed rate beside it', async () => {
    const out = join(work, 'biored');
    const r = await runCli(['run', '--benchmarks', 'biored', '--endpoint', model.url, '--out', out, '--no-report', '--no-cache', '--progress', 'none'], env, work);
    expect(r.code, r.stderr).toBe(0);
    const dir = runDir(out);
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
    const result = run.results.biored;
    expect(result.metric).toBe('rouge1');
    // doc 1: 3/3 (one symmetric pair swapped); doc 2: wrong type (fp 1, fn 1); doc 3: gold none, prose answer → unparsed
    // tp 3, fp 1, fn 1 → P = R = F1 = 3/4
    expect(result.metrics!.relations_precision.value).toBeCloseTo(0.75, 12);
    expect(result.metrics!.relations_recall.value).toBeCloseTo(0.75, 12);
    expect(result.metrics!.relations_f1.value).toBeCloseTo(0.75, 12);
    expect(result.metrics!.relations_unparsed.value).toBeCloseTo(1 / 3, 12);
    expect(result.metrics!.rougeL).toBeDefined();
    const records = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
    const first = records.find((s) => s.id === '900001')!;
    expect(first.scores).toMatchObject({ relations_tp: 3, relations_fp: 0, relations_fn: 0 });
    expect(first.attempts[0].messages!.at(-1)!.content).toMatch(/one relation per line, exactly in this form and nothing else:\nentity 1 \| entity 2 \| relation type/);
  });

  it('MIMIC from --file: no Hub request, scored by ROUGE; wrong columns are one line, exit 2', async () => {
    const csv = join(work, 'course.csv');
    writeFileSync(csv, 'text,summary\n"SYNTHETIC note.","SYNTHETIC course."\n');
    const out = join(work, 'mimic');
    hub.requests.length = 0;
    const r = await runCli(['run', '--benchmarks', 'mimic-iii-hospital-course', '--file', `mimic-iii-hospital-course=${csv}`, '--endpoint', model.url, '--out', out, '--no-report', '--no-cache', '--progress', 'none'], env, work);
    expect(r.code, r.stderr).toBe(0);
    expect(hub.requests).toEqual([]);
    const run = JSON.parse(readFileSync(join(runDir(out), 'run.json'), 'utf8')) as RunFile;
    expect(run.results['mimic-iii-hospital-course']).toMatchObject({ metric: 'rouge1', value: 1, n: 1 });
    const wrong = join(work, 'wrong.csv');
    writeFileSync(wrong, 'note,course\n"SYNTHETIC SECRET","SYNTHETIC SECRET"\n');
    const bad = await runCli(['run', '--benchmarks', 'mimic-iii-hospital-course', '--file', `mimic-iii-hospital-course=${wrong}`, '--endpoint', model.url, '--out', out, '--no-report', '--progress', 'none'], env, work);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^aloe-eval: --file mimic-iii-hospital-course=.*wrong\.csv: expected columns text, summary but found note, course;/)]);
    expect(bad.stderr).not.toContain('SECRET');
  });
});
