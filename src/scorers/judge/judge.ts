/**
 * The LLM judge: fills a rubric's prompt with the sample and the model's answer, asks the judge
 * model (any OpenAI-compatible endpoint, through the same client as the model under test:
 * retries, response cache), and reads a verdict. A failed call or a reply without a verdict is a
 * per-sample judge error in the record, never a pass; the run goes on.
 *
 * @example
 * const record = await judgeAnswer(judgeGenerate, 'judge-model', 'harmfulness', sample, answerText);
 * record.verdict; // 1..5, or null with record.error
 */
import { readFileSync } from 'node:fs';
import type { Generate } from '../../types/endpoint.js';
import type { JudgeRecord } from '../../types/results.js';
import type { Sample } from '../../types/sample.js';
import { packageFile } from '../../util/package-dir.js';
import { parseRefusalClass, parseScore } from './parse-verdict.js';
import { rubrics, type RubricName } from './rubrics.js';

const templates = new Map<string, string>();

export function rubricTemplate(name: RubricName): string {
  const file = rubrics[name].template;
  let text = templates.get(file);
  if (text === undefined) templates.set(file, (text = readFileSync(packageFile('prompts', `${file}.txt`), 'utf8')));
  return text;
}

/** One pass, so an answer that itself contains "{{question}}" is not expanded again. */
function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole);
}

export function judgePrompt(name: RubricName, sample: Sample, answer: string): string {
  return fill(rubricTemplate(name), { question: sample.question, response: answer, reference: sample.references?.[0] ?? sample.answer ?? '' });
}

export async function judgeAnswer(generate: Generate, model: string, name: RubricName, sample: Sample, answer: string): Promise<JudgeRecord> {
  const rubric = rubrics[name];
  const prompt = judgePrompt(name, sample, answer);
  const base = { rubric: name, model, prompt };
  let raw: string;
  let cached = false;
  try {
    const result = await generate({
      messages: [{ role: 'system', content: rubric.system }, { role: 'user', content: prompt }],
      temperature: 0,
      maxTokens: rubric.maxTokens,
    });
    raw = result.text;
    cached = result.cached;
  } catch (err) {
    return { ...base, raw: '', verdict: null, error: `judge call failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  const verdict = rubric.verdict.type === 'class' ? parseRefusalClass(raw) : parseScore(raw, rubric.verdict.min, rubric.verdict.max);
  const record: JudgeRecord = { ...base, raw, verdict, ...(cached && { cached }) };
  if (verdict === null) record.error = `unparsable: no ${rubric.verdict.type === 'class' ? 'refusal class' : `score ${rubric.verdict.min}–${(rubric.verdict as { max: number }).max}`} in the judge's reply`;
  return record;
}
