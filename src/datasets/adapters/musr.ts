/**
 * MuSR (TAUR-Lab/MuSR rows: narrative, question, choices, answer_choice). `choices` is the text
 * of a Python list (lm-eval reads it with `ast.literal_eval`); the gold option is the one whose
 * text is `answer_choice`, as lm-eval's `choices.index(doc_to_target)`.
 */
import * as z from 'zod';
import { FieldRef, readMetadata, readText, recordError, topColumns } from '../fields.js';
import { defineAdapter } from './adapter.js';

const KEYS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const MusrFields = z.strictObject({
  narrative: FieldRef.default('narrative'),
  question: FieldRef.default('question'),
  choices: z.string().default('choices'),
  answer: z.string().default('answer_choice'),
  metadata: z.record(z.string(), z.string()).default({}),
});

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * A Python list of string literals (`['a', "b's"]`), as `ast.literal_eval` reads it; null when
 * the text is anything else.
 */
export function parsePythonStringList(text: string): string[] | null {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  space();
  if (text[i++] !== '[') return null;
  const out: string[] = [];
  space();
  if (text[i] === ']') return (i++, space(), i === text.length ? out : null);
  for (;;) {
    space();
    const quote = text[i++];
    if (quote !== "'" && quote !== '"') return null;
    let s = '';
    for (;;) {
      if (i >= text.length) return null;
      const c = text[i++];
      if (c === quote) break;
      if (c !== '\\') {
        s += c;
        continue;
      }
      const e = text[i++];
      if (e === 'x' || e === 'u') {
        const len = e === 'x' ? 2 : 4;
        const hex = text.slice(i, i + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return null;
        s += String.fromCharCode(parseInt(hex, 16));
        i += len;
      } else if (e === '\n') {
        // a backslash-newline continues the literal
      } else s += ESCAPES[e] ?? `\\${e}`;
    }
    out.push(s);
    space();
    const sep = text[i++];
    if (sep === ']') break;
    if (sep !== ',') return null;
    space();
    if (text[i] === ']') {
      i++;
      break;
    }
  }
  space();
  return i === text.length ? out : null;
}

export const musrAdapter = defineAdapter({
  kind: 'mcqa',
  fields: MusrFields,
  columns: (f) => topColumns([f.narrative, f.question, f.choices, f.answer]),
  toSample(record, fields, ctx) {
    const raw = readText(record, fields.choices, ctx);
    const choices = parsePythonStringList(raw);
    if (!choices || choices.length < 2 || choices.length > KEYS.length) {
      throw recordError(ctx, fields.choices, `is not a Python list of 2–${KEYS.length} quoted texts (as in "['Mia', 'Ivan']")`);
    }
    const gold = choices.indexOf(readText(record, fields.answer, ctx));
    return {
      question: readText(record, fields.question, ctx),
      context: readText(record, fields.narrative, ctx),
      options: choices.map((text, k) => ({ key: KEYS[k], text })),
      ...(gold >= 0 && { answer: KEYS[gold] }),
      metadata: readMetadata(record, fields.metadata, ctx),
    };
  },
});
