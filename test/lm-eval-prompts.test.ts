/**
 * lm-eval prompts built from real records equal, byte for byte, strings spelled out here from
 * lm-evaluation-harness's templates (lm_eval/tasks/*: doc_to_text, description, delimiters).
 * Where lm-eval reads a different copy of a dataset than our benchmark (MedQA's "-hf" repo,
 * PubMedQA's pqa_labeled), the sample is built from our copy and the expected prompt from
 * lm-eval's copy, so the test also shows the two copies give the same prompt.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/datasets/index.js';
import { planFewshot } from '../src/strategies/lm-eval/fewshot.js';
import { lmEvalPrompt } from '../src/strategies/lm-eval/prompt.js';
import { PythonRandom } from '../src/strategies/lm-eval/python-random.js';
import { lmEvalTaskFor, pyStrip } from '../src/strategies/lm-eval/tasks.js';
import type { Sample } from '../src/types/sample.js';
import { hasShared, sharedHub as hub } from './helpers/cli.js';
import { sharedLoadOptions, sharedParquet as parquet, type Row } from './helpers/shared-hub.js';

function jsonLines(rel: string): Row[] {
  return readFileSync(path.join(hub, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

const L = ['A', 'B', 'C', 'D'];
const str = (v: unknown) => v as string;
/** Rows 0, 1, 2, the middle one and the last one (plus any extra indices). */
const pick = (n: number, extra: number[] = []) => [...new Set([0, 1, 2, Math.floor(n / 2), n - 1, ...extra])];

function sample(benchmark: string, id: string, question: string, options: string[], answer: number, context?: string): Sample {
  return {
    id,
    benchmark,
    kind: 'mcqa',
    question,
    ...(context !== undefined ? { context } : {}),
    options: options.map((text, i) => ({ key: L[i], text })),
    answer: L[answer],
    metadata: {},
  };
}

describe.skipIf(!hasShared)('lm-eval prompts from real records', () => {
  it('medqa_4options: "Question: {sent1}\\nA. {ending0}\\n…D. {ending3}\\nAnswer:", from our MedQA copy equal to lm-eval\'s -hf copy', () => {
    const ours = jsonLines('GBaker/MedQA-USMLE-4-options/phrases_no_exclude_test.jsonl');
    const lmEval = jsonLines('GBaker/MedQA-USMLE-4-options-hf/test.json');
    expect(ours.length).toBe(1273);
    for (const i of pick(ours.length)) {
      const r = ours[i];
      const opts = r.options as Record<string, string>;
      const s = sample('medqa', `test-${i}`, str(r.question), L.map((k) => opts[k]), L.indexOf(str(r.answer_idx)));
      const h = lmEval[i];
      const expected =
        'Question: ' + str(h.sent1) + '\n' +
        'A. ' + str(h.ending0) + '\n' +
        'B. ' + str(h.ending1) + '\n' +
        'C. ' + str(h.ending2) + '\n' +
        'D. ' + str(h.ending3) + '\n' +
        'Answer:';
      const p = lmEvalPrompt(s);
      expect(p.context).toBe(expected);
      expect(p.continuations).toEqual([' A', ' B', ' C', ' D']);
      expect(L[h.label as number]).toBe(s.answer);
    }
  });

  it('medmcqa: "Question: {question}\\nChoices:\\nA. {opa}\\n…D. {opd}\\nAnswer:"', async () => {
    const rows = await parquet('openlifescienceai/medmcqa/data/validation-00000-of-00001.parquet');
    expect(rows.length).toBe(4183);
    for (const i of pick(rows.length)) {
      const r = rows[i];
      const s = sample('medmcqa', `validation-${i}`, str(r.question), [r.opa, r.opb, r.opc, r.opd].map(str), Number(r.cop));
      const expected = `Question: ${str(r.question)}\nChoices:\nA. ${str(r.opa)}\nB. ${str(r.opb)}\nC. ${str(r.opc)}\nD. ${str(r.opd)}\nAnswer:`;
      expect(lmEvalPrompt(s).context).toBe(expected);
    }
  });

  it('careqa_en: medmcqa\'s layout with op1–op4', () => {
    const rows = jsonLines('HPAI-BSC/CareQA/CareQA_en.json');
    expect(rows.length).toBe(5621);
    for (const i of pick(rows.length)) {
      const r = rows[i];
      const s = sample('careqa', str(r.unique_id), str(r.question), [r.op1, r.op2, r.op3, r.op4].map(str), Number(r.cop) - 1);
      const expected = `Question: ${str(r.question)}\nChoices:\nA. ${str(r.op1)}\nB. ${str(r.op2)}\nC. ${str(r.op3)}\nD. ${str(r.op4)}\nAnswer:`;
      expect(lmEvalPrompt(s).context).toBe(expected);
      expect(lmEvalPrompt({ ...s, benchmark: 'careqa-en' }).context).toBe(expected);
    }
  });

  it('pubmedqa: "Abstract: {contexts joined by \\n}\\nQuestion: {question}\\nAnswer:", choices yes/no/maybe; our fold0 copy equals lm-eval\'s pqa_labeled', async () => {
    const ours = await parquet('bigbio/pubmed_qa/@refs%2Fconvert%2Fparquet/pubmed_qa_labeled_fold0_source/test/0000.parquet');
    const lmEval = await parquet('qiaojin/PubMedQA/pqa_labeled/train-00000-of-00001.parquet');
    const byQuestion = new Map(lmEval.map((r) => [str(r.question), r]));
    expect(ours.length).toBe(500);
    for (const i of pick(ours.length)) {
      const r = ours[i];
      const s = sample('pubmedqa', `test-${i}`, str(r.QUESTION), ['yes', 'no', 'maybe'], ['yes', 'no', 'maybe'].indexOf(str(r.final_decision)), (r.CONTEXTS as string[]).join('\n'));
      const q = byQuestion.get(str(r.QUESTION))!;
      expect(q).toBeDefined();
      const contexts = (q.context as { contexts: string[] }).contexts;
      const expected = 'Abstract: ' + contexts.join('\n') + '\nQuestion: ' + str(q.question) + '\nAnswer:';
      const p = lmEvalPrompt(s);
      expect(p.context).toBe(expected);
      expect(p.choices).toEqual(['yes', 'no', 'maybe']);
      expect(p.continuations).toEqual([' yes', ' no', ' maybe']);
    }
  });

  const subjects = ['anatomy', 'clinical_knowledge', 'college_biology', 'college_medicine', 'medical_genetics', 'professional_medicine'];
  for (const subject of subjects) {
    it(`mmlu_${subject}: description line, question stripped, A–D`, async () => {
      const rows = await parquet(`cais/mmlu/${subject}/test-00000-of-00001.parquet`);
      const description = {
        anatomy: 'The following are multiple choice questions (with answers) about anatomy.\n\n',
        clinical_knowledge: 'The following are multiple choice questions (with answers) about clinical knowledge.\n\n',
        college_biology: 'The following are multiple choice questions (with answers) about college biology.\n\n',
        college_medicine: 'The following are multiple choice questions (with answers) about college medicine.\n\n',
        medical_genetics: 'The following are multiple choice questions (with answers) about medical genetics.\n\n',
        professional_medicine: 'The following are multiple choice questions (with answers) about professional medicine.\n\n',
      }[subject]!;
      // college_medicine 0 and medical_genetics 55 end in a space that {{question.strip()}} removes.
      for (const i of pick(rows.length, subject === 'medical_genetics' ? [55] : [])) {
        const r = rows[i];
        const c = (r.choices as string[]).map(str);
        const s = sample(`mmlu-${subject.replace(/_/g, '-')}`, `test-${i}`, str(r.question), c, Number(r.answer));
        const expected = description + str(r.question).trim() + `\nA. ${c[0]}\nB. ${c[1]}\nC. ${c[2]}\nD. ${c[3]}\nAnswer:`;
        expect(lmEvalPrompt(s).context).toBe(expected);
      }
    });
  }

  it('the question strip really happens (college_medicine row 0 ends in a space)', async () => {
    const rows = await parquet('cais/mmlu/college_medicine/test-00000-of-00001.parquet');
    expect(str(rows[0].question).endsWith(' ')).toBe(true);
    const c = rows[0].choices as string[];
    const s = sample('mmlu-college-medicine', 'test-0', str(rows[0].question), c, 0);
    expect(lmEvalPrompt(s).context).toContain(`${str(rows[0].question).slice(0, -1)}\nA. `);
    expect(lmEvalPrompt(s).context).not.toContain(' \nA. ');
  });

  it('mmlu 5-shot: the first five dev rows in order, each "…Answer: X\\n\\n", after the description', async () => {
    const dev = await parquet('cais/mmlu/clinical_knowledge/dev-00000-of-00001.parquet');
    const test = await parquet('cais/mmlu/clinical_knowledge/test-00000-of-00001.parquet');
    const toSample = (r: Row, id: string) => sample('mmlu-clinical-knowledge', id, str(r.question), (r.choices as string[]).map(str), Number(r.answer));
    const devSamples = dev.map((r, i) => toSample(r, `dev-${i}`));
    const evalDocs = test.slice(0, 3).map((r, i) => toSample(r, `test-${i}`));
    const plan = planFewshot(lmEvalTaskFor('mmlu-clinical-knowledge'), 5, { evalDocs, pool: devSamples });
    const block = (r: Row) => {
      const c = r.choices as string[];
      return `${str(r.question).trim()}\nA. ${c[0]}\nB. ${c[1]}\nC. ${c[2]}\nD. ${c[3]}\nAnswer:`;
    };
    let shots = '';
    for (const r of dev.slice(0, 5)) shots += block(r) + ' ' + L[Number(r.answer)] + '\n\n';
    const expected = 'The following are multiple choice questions (with answers) about clinical knowledge.\n\n' + shots + block(test[1]);
    expect(lmEvalPrompt(evalDocs[1], plan.get('test-1')).context).toBe(expected);
  });

  it('pubmedqa 2-shot: random.Random(1234).sample(test docs, 2) per doc in order, the doc itself dropped, targets yes/no/maybe', async () => {
    const rows = await parquet('bigbio/pubmed_qa/@refs%2Fconvert%2Fparquet/pubmed_qa_labeled_fold0_source/test/0000.parquet');
    const docs = rows.map((r, i) =>
      sample('pubmedqa', `test-${i}`, str(r.QUESTION), ['yes', 'no', 'maybe'], ['yes', 'no', 'maybe'].indexOf(str(r.final_decision)), (r.CONTEXTS as string[]).join('\n')),
    );
    // CPython 3: r = random.Random(1234); [r.sample(range(500), 2) for _ in range(5)]
    const draws = [[494, 398], [225, 59], [3, 46], [466, 482], [480, 413]];
    const plan = planFewshot(lmEvalTaskFor('pubmedqa'), 2, { evalDocs: docs });
    const text = (r: Row) => 'Abstract: ' + (r.CONTEXTS as string[]).join('\n') + '\nQuestion: ' + str(r.QUESTION) + '\nAnswer:';
    for (let d = 0; d < 5; d++) {
      expect(plan.get(`test-${d}`)!.map((s) => s.id)).toEqual(draws[d].map((j) => `test-${j}`));
      const expected = draws[d].map((j) => text(rows[j]) + ' ' + str(rows[j].final_decision) + '\n\n').join('') + text(rows[d]);
      expect(lmEvalPrompt(docs[d], plan.get(`test-${d}`)).context).toBe(expected);
    }
    // CPython: the 223rd draw (doc 222) is [222, 465] — lm-eval drops the doc itself and keeps one example.
    expect(plan.get('test-222')!.map((s) => s.id)).toEqual(['test-465']);
    expect(lmEvalPrompt(docs[222], plan.get('test-222')).context).toBe(text(rows[465]) + ' ' + str(rows[465].final_decision) + '\n\n' + text(rows[222]));
  });
});

describe.skipIf(!hasShared)('lm-eval prompts from samples loaded by the real adapters (loadBenchmark)', () => {
  const load = async (id: string) => (await loadBenchmark(id, sharedLoadOptions())).samples;

  it('medqa: loaded samples give lm-eval\'s prompt for the -hf rows', async () => {
    const samples = await load('medqa');
    const hf = jsonLines('GBaker/MedQA-USMLE-4-options-hf/test.json');
    for (const i of pick(samples.length)) {
      const h = hf[i];
      const expected = `Question: ${str(h.sent1)}\nA. ${str(h.ending0)}\nB. ${str(h.ending1)}\nC. ${str(h.ending2)}\nD. ${str(h.ending3)}\nAnswer:`;
      expect(lmEvalPrompt(samples[i]).context).toBe(expected);
      expect(samples[i].answer).toBe(L[h.label as number]);
    }
  });

  it('medmcqa and careqa: loaded samples give the Question/Choices prompt', async () => {
    const med = await load('medmcqa');
    const medRows = await parquet('openlifescienceai/medmcqa/data/validation-00000-of-00001.parquet');
    for (const i of pick(med.length)) {
      const r = medRows[i];
      expect(lmEvalPrompt(med[i]).context).toBe(`Question: ${str(r.question)}\nChoices:\nA. ${str(r.opa)}\nB. ${str(r.opb)}\nC. ${str(r.opc)}\nD. ${str(r.opd)}\nAnswer:`);
    }
    const care = await load('careqa');
    const careRows = jsonLines('HPAI-BSC/CareQA/CareQA_en.json');
    for (const i of pick(care.length)) {
      const r = careRows[i];
      expect(lmEvalPrompt(care[i]).context).toBe(`Question: ${str(r.question)}\nChoices:\nA. ${str(r.op1)}\nB. ${str(r.op2)}\nC. ${str(r.op3)}\nD. ${str(r.op4)}\nAnswer:`);
      expect(care[i].answer).toBe(L[Number(r.cop) - 1]);
    }
  });

  it('pubmedqa: loaded samples give lm-eval\'s prompt for the pqa_labeled rows', async () => {
    const samples = await load('pubmedqa');
    const lmEval = await parquet('qiaojin/PubMedQA/pqa_labeled/train-00000-of-00001.parquet');
    const byQuestion = new Map(lmEval.map((r) => [str(r.question), r]));
    for (const i of pick(samples.length)) {
      const q = byQuestion.get(samples[i].question)!;
      const expected = 'Abstract: ' + (q.context as { contexts: string[] }).contexts.join('\n') + '\nQuestion: ' + str(q.question) + '\nAnswer:';
      expect(lmEvalPrompt(samples[i]).context).toBe(expected);
      expect(samples[i].options!.find((o) => o.key === samples[i].answer)!.text).toBe(str(q.final_decision));
    }
  });

  it('mmlu-medical-genetics: loaded samples give the description line and the stripped question', async () => {
    const samples = await load('mmlu-medical-genetics');
    const rows = await parquet('cais/mmlu/medical_genetics/test-00000-of-00001.parquet');
    for (const i of pick(samples.length, [55])) {
      const r = rows[i];
      const c = r.choices as string[];
      const expected = 'The following are multiple choice questions (with answers) about medical genetics.\n\n' + str(r.question).trim() + `\nA. ${c[0]}\nB. ${c[1]}\nC. ${c[2]}\nD. ${c[3]}\nAnswer:`;
      expect(lmEvalPrompt(samples[i]).context).toBe(expected);
    }
  });
});

describe('CPython random, bit for bit', () => {
  it('sample() matches CPython 3 for pool and set selection, across successive draws', () => {
    // python3: random.Random(1234).sample(range(100), 5)
    expect(new PythonRandom(1234).sample([...Array(100).keys()], 5)).toEqual([99, 56, 14, 0, 11]);
    // python3: r = random.Random(1234); [r.sample(range(1272), 3) for _ in range(4)]
    const r = new PythonRandom(1234);
    const draws = [0, 1, 2, 3].map(() => r.sample([...Array(1272).keys()], 3));
    expect(draws).toEqual([[902, 239, 15], [185, 1192, 71], [171, 201, 726], [484, 35, 63]]);
    // python3: r = random.Random(1234); [r.sample(range(10), 10), r.sample(range(50), 7)]
    const r3 = new PythonRandom(1234);
    expect(r3.sample([...Array(10).keys()], 10)).toEqual([7, 1, 0, 9, 4, 6, 5, 3, 8, 2]);
    expect(r3.sample([...Array(50).keys()], 7)).toEqual([1, 49, 48, 22, 41, 39, 30]);
    // python3: r = random.Random(1234); [r.sample(range(5621), 3) for _ in range(3)]
    const r4 = new PythonRandom(1234);
    expect([0, 1, 2].map(() => r4.sample([...Array(5621).keys()], 3))).toEqual([[3610, 957, 61], [742, 4769, 286], [5501, 687, 806]]);
  });

  it('seeds wider than 32 bits split into words like CPython', () => {
    // python3: r = random.Random(2**40 + 5); r.getrandbits(32), r.getrandbits(7)
    const r = new PythonRandom(2 ** 40 + 5);
    expect([r.getrandbits(32), r.getrandbits(7)]).toEqual([2166296868, 66]);
  });
});

describe('lm-eval templates on synthetic samples', () => {
  it('pyStrip strips what Python strips, not what JS trims', () => {
    expect(pyStrip('\x1c\x85 q \u3000')).toBe('q');
    expect(pyStrip('\ufeffq')).toBe('\ufeffq');
  });

  it('a sample that does not fit the template is refused, not guessed', () => {
    const five = sample('medqa', 'x', 'Q?', ['a', 'b', 'c', 'd', 'e'], 0);
    expect(() => lmEvalPrompt(five)).toThrow(/medqa_4options needs 4 options, sample x has 5/);
    const pub = sample('pubmedqa', 'y', 'Q?', ['Yes', 'No', 'Maybe'], 0, 'ctx');
    expect(() => lmEvalPrompt(pub)).toThrow(/yes\/no\/maybe/);
  });

  it('unknown benchmarks name the supported ones', () => {
    expect(() => lmEvalTaskFor('aci-bench')).toThrow(/no lm-evaluation-harness template.*medqa, medmcqa, pubmedqa/);
    expect(lmEvalTaskFor('mmlu-clinical-knowledge').name).toBe('mmlu_clinical_knowledge');
    expect(lmEvalTaskFor('mmlu-clinical_knowledge').description).toBe('The following are multiple choice questions (with answers) about clinical knowledge.\n\n');
  });

  it('--fewshot larger than the pool is a user error', () => {
    const docs = [sample('careqa', 'a', 'Q?', ['1', '2', '3', '4'], 0)];
    expect(() => planFewshot(lmEvalTaskFor('careqa'), 2, { evalDocs: docs })).toThrow(/--fewshot 2 is more than the 1 examples/);
  });
});
