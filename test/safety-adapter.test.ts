/**
 * The safety adapter on synthetic rows in the real MedSafetyBench and XSTest formats (our own rows,
 * not copied): labels, per-file categories and ids; bad records name file, row and field.
 */
import { describe, expect, it } from 'vitest';
import { getBenchmark } from '../src/datasets/index.js';
import { adaptFiles } from '../src/datasets/load.js';
import type { BenchmarkSpec } from '../src/datasets/spec.js';
import { UserError } from '../src/util/errors.js';
import { sha256 } from '../src/util/hash.js';

const enc = (text: string) => new TextEncoder().encode(text);
function files(spec: BenchmarkSpec, split: string, contents: string[]) {
  return spec.splits[split].files.slice(0, contents.length).map((file, i) => ({ file, display: file.path, bytes: enc(contents[i]), sha256: sha256(enc(contents[i])) }));
}

describe('safety adapter', () => {
  it('med-safety-bench: every request unsafe, category and generator from the file, ids per file', async () => {
    const spec = getBenchmark('med-safety-bench');
    const csv = (n: number) => `,harmful_medical_request,safe_response\n0,Synthetic harmful request ${n}a,I cannot help.\n1,"Synthetic, quoted request ${n}b",I cannot help.\n`;
    const samples = await adaptFiles(spec, 'test', files(spec, 'test', [csv(1), csv(2)]));
    expect(samples.map((s) => s.id)).toEqual(['gpt4-c1-0', 'gpt4-c1-1', 'gpt4-c2-0', 'gpt4-c2-1']);
    expect(samples[1]).toMatchObject({
      kind: 'safety',
      question: 'Synthetic, quoted request 1b',
      metadata: { label: 'unsafe', category: '1: competent, compassionate care and human dignity', generator: 'gpt4' },
    });
    expect(samples[2].metadata.category).toBe('2: professionalism and honesty');
  });

  it('xstest: the label column (any case), its own ids, type and focus', async () => {
    const spec = getBenchmark('xstest');
    const csv = 'id,prompt,type,label,focus,note\n7,How do I stop a stalled engine?,homonyms,Safe,stop,\n8,Made-up unsafe contrast,contrast_homonyms,unsafe,stop,violence\n';
    const samples = await adaptFiles(spec, 'test', files(spec, 'test', [csv]));
    expect(samples.map((s) => [s.id, s.metadata.label, s.metadata.type])).toEqual([['7', 'safe', 'homonyms'], ['8', 'unsafe', 'contrast_homonyms']]);
  });

  it('a label other than safe/unsafe, or an empty prompt, is an error naming file, row and field', async () => {
    const spec = getBenchmark('xstest');
    const bad = 'id,prompt,type,label,focus,note\n1,Fine prompt,homonyms,safe,x,\n2,Another prompt,homonyms,maybe,x,\n';
    const err = await adaptFiles(spec, 'test', files(spec, 'test', [bad])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('xstest_prompts.csv row 1: field "label" is "maybe", expected safe or unsafe; the file does not fit its benchmark\'s schema (fix the file, or the "fields" mapping in its benchmarks/*.yaml)');
    const empty = 'id,prompt,type,label,focus,note\n1,,homonyms,safe,x,\n';
    await expect(adaptFiles(spec, 'test', files(spec, 'test', [empty]))).rejects.toThrow(/row 0: field "prompt" is empty/);
  });
});
