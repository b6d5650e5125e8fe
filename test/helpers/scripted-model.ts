/**
 * A scripted multiple-choice "model" for the fake server: it knows the gold answers of the
 * given samples, answers correctly for a fixed, hash-chosen subset of questions (so the
 * expected accuracy is known in advance) and otherwise picks the first option shown.
 * It reads the options as displayed, so it also works under choice shuffling.
 */
import { createHash } from 'node:crypto';
import type { Sample } from '../../src/types/sample.js';
import type { ChatBody } from './fake-openai.js';

export function knowsAnswer(sample: Sample, accuracy: number): boolean {
  return createHash('sha256').update(`${sample.benchmark}/${sample.id}`).digest().readUInt32BE(0) / 2 ** 32 < accuracy;
}

export function promptText(body: ChatBody): string {
  if (body.messages) return body.messages.filter((m) => m.role === 'user').map((m) => m.content).at(-1) ?? '';
  return String(body.prompt ?? '');
}

export function scriptedMcqaModel(samples: Sample[], accuracy: number) {
  const byQuestion = samples.map((s) => ({ sample: s, gold: s.options!.find((o) => o.key === s.answer)!.text }));
  return (body: ChatBody): string => {
    const text = promptText(body);
    const hit = byQuestion.find(({ sample }) => text.includes(sample.question.trim()));
    if (!hit) return 'I am not sure.';
    const shown = [...text.matchAll(/^([A-Z])\. (.*)$/gm)].map((m) => ({ letter: m[1], text: m[2] }));
    const correct = shown.find((o) => o.text === hit.gold.trimEnd() || o.text === hit.gold);
    const letter = knowsAnswer(hit.sample, accuracy) && correct ? correct.letter : 'A';
    return `Let me think. Answer: ${letter}`;
  };
}

/** The accuracy the scripted model must get on these samples (answers "A" when it does not know). */
export function expectedAccuracy(samples: Sample[], accuracy: number): number {
  let right = 0;
  for (const s of samples) if (knowsAnswer(s, accuracy) || s.answer === s.options![0].key) right++;
  return right / samples.length;
}
