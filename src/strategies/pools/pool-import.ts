import type { OptionItem } from '../../types/sample.js';
import { version } from '../../version.js';
import { extractAnswer } from '../mcqa/answer-extractor.js';
import { originalKey, showOptions } from '../mcqa/mcqa-format.js';
import { POOL_SCHEMA, type DropReason, type PoolHeader, type PoolItem } from './pool.js';

/** Formats `medprompt import-pool --format` reads. */
export const importFormats = ['prompt-engine'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportPoolOptions {
  benchmark: string;
  split: string;
  /** Model that wrote the rationales (the pool is filed under it). */
  model: string;
  /** The file read, and its sha256 (recorded in the header). */
  file: string;
  sha256: string;
}

export interface ImportPoolResult {
  header: PoolHeader;
  items: PoolItem[];
  /** Entries that are not a labelled multiple-choice question (left out of the pool), with why. */
  malformed: { id: string; why: string }[];
  /** Generations of well-formed entries without a response text or a valid option order (ignored). */
  malformedGenerations: number;
  /** Generations whose recorded `result` is not the answer aloe-eval's extractor reads from the response. */
  resultDisagrees: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Why an entry is not a labelled multiple-choice question, or null when it is. */
function entryProblem(entry: unknown): string | null {
  if (!isObject(entry)) return 'is not an object';
  if (typeof entry.question !== 'string' || entry.question.trim() === '') return 'has no "question" text';
  if (!isObject(entry.options)) return 'has no "options" object (open-ended entries cannot be multiple-choice examples)';
  const values = Object.values(entry.options);
  if (values.length < 2 || !values.every((v) => typeof v === 'string')) return '"options" must map at least two keys to option texts';
  if (typeof entry.correct_answer !== 'string' || !(entry.correct_answer in entry.options)) {
    return `"correct_answer" ${JSON.stringify(entry.correct_answer)} is not one of the option keys ${Object.keys(entry.options).join('')}`;
  }
  if (entry.generations !== undefined && !Array.isArray(entry.generations)) return '"generations" is not a list';
  return null;
}

/** A generation's display order ("BDAC" or ["B","D","A","C"]) when it is a permutation of `keys`. */
function orderOf(value: unknown, keys: readonly string[]): string[] | null {
  const order = typeof value === 'string' ? [...value] : Array.isArray(value) ? value : null;
  if (!order || order.length !== keys.length || !order.every((k) => typeof k === 'string' && keys.includes(k))) return null;
  return new Set(order).size === keys.length ? (order as string[]) : null;
}

/**
 * A prompt_engine CoT database (its `generations.json` layout, README "Output" section):
 *   { "<id>": { question, correct_answer: "A", options: {A: …, …}, context?: [..],
 *               generations: [{ response, result, order: "BDAC", original_answer, … }] } }
 * `order` lists the original keys in display order; `result` is the answer mapped back to the
 * original keys. Each entry becomes a pool item. Its rationale is the first generation whose
 * response aloe-eval's own extractor reads (in that generation's order) as the gold answer — the
 * rule build-pool and the runs apply — so every kept rationale is usable; prompt_engine's own
 * loader picks a random correct one instead. An entry with none is kept as a dropped item
 * (`wrong` when some generation answered otherwise, `unparsed` when none gave a readable answer
 * or it has no generations), exactly as build-pool files its drops.
 *
 * @example
 * const { header, items } = importPromptEnginePool(JSON.parse(text), { benchmark: 'medqa', split: 'train', model: 'DeepSeek-R1', file, sha256 });
 */
export function importPromptEnginePool(data: unknown, options: ImportPoolOptions): ImportPoolResult {
  const malformed: ImportPoolResult['malformed'] = [];
  const items: PoolItem[] = [];
  const dropped: Record<DropReason, number> = { unparsed: 0, wrong: 0, error: 0 };
  let malformedGenerations = 0;
  let resultDisagrees = 0;
  for (const [id, entry] of Object.entries(isObject(data) ? data : {})) {
    const problem = entryProblem(entry);
    if (problem) {
      malformed.push({ id, why: problem });
      continue;
    }
    const e = entry as Record<string, unknown> & { options: Record<string, string>; correct_answer: string; question: string };
    const opts: OptionItem[] = Object.entries(e.options).map(([key, text]) => ({ key, text: text.trim() }));
    const keys = opts.map((o) => o.key);
    const context = Array.isArray(e.context) ? e.context.filter((c) => typeof c === 'string').join('\n') : typeof e.context === 'string' ? e.context : '';
    const item: PoolItem = { id, question: e.question.trim(), ...(context ? { context } : {}), options: opts, answer: e.correct_answer, order: keys, rationale: null };
    let answered = false;
    for (const g of (e.generations as unknown[] | undefined) ?? []) {
      const order = isObject(g) ? orderOf(g.order, keys) : null;
      if (!isObject(g) || typeof g.response !== 'string' || g.response.trim() === '' || !order) {
        malformedGenerations++;
        continue;
      }
      const answer = originalKey(extractAnswer(g.response, showOptions(opts, order)), opts, order);
      if (typeof g.result === 'string' && g.result !== answer) resultDisagrees++;
      if (answer !== null) answered = true;
      if (answer === e.correct_answer && item.rationale === null) {
        item.rationale = g.response.trim();
        item.order = order;
      }
    }
    if (item.rationale === null) {
      item.dropped = answered ? 'wrong' : 'unparsed';
      dropped[item.dropped]++;
    }
    items.push(item);
  }
  const header: PoolHeader = {
    schema: POOL_SCHEMA,
    benchmark: options.benchmark,
    split: options.split,
    model: options.model,
    template: 'prompt-engine',
    promptHash: options.sha256,
    temperature: null,
    maxTokens: null,
    createdAt: new Date().toISOString(),
    aloeEvalVersion: version,
    counts: { total: items.length, kept: items.filter((i) => i.rationale !== null).length, dropped },
    importedFrom: { format: 'prompt-engine', file: options.file, sha256: options.sha256 },
  };
  return { header, items, malformed, malformedGenerations, resultDisagrees };
}
