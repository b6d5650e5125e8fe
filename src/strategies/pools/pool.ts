import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { OptionItem } from '../../types/sample.js';
import { UserError } from '../../util/errors.js';
import { extractAnswer } from '../mcqa/answer-extractor.js';
import type { Example } from '../mcqa/few-shot.js';
import { originalKey, showOptions } from '../mcqa/mcqa-format.js';

export const POOL_SCHEMA = 'aloe-eval/pool@1';

export type DropReason = 'unparsed' | 'wrong' | 'error';

/**
 * The first line of a pool file: where its rationales came from. Items follow, one per line.
 * Dropped questions stay in the file (with `rationale: null`): direct-answer few-shot strategies
 * may show them with their gold answer; chain-of-thought ones skip them.
 */
export interface PoolHeader {
  schema: typeof POOL_SCHEMA;
  benchmark: string;
  split: string;
  /** Model that wrote the rationales. */
  model: string;
  /** Template (prompts/<name>.txt) the questions were asked with. */
  template: string;
  /** sha256 of the system prompt and template text the rationales were generated with. */
  promptHash: string;
  /** Sampling settings of the calls; null in a pool imported from a file that does not record them. */
  temperature: number | null;
  maxTokens: number | null;
  createdAt: string;
  /** Set for a pool converted from another tool's file (`medprompt import-pool`): which, and its sha256. */
  importedFrom?: { format: string; file: string; sha256: string };
  aloeEvalVersion: string;
  counts: { total: number; kept: number; dropped: Record<DropReason, number> };
}

export interface PoolItem extends Example {
  /** Why no rationale was kept, for a dropped question. */
  dropped?: DropReason;
}

export interface PoolFile {
  path: string;
  header: PoolHeader;
  items: PoolItem[];
  /** Lines that were not a well-formed item (1-based). */
  malformedLines: number[];
}

/** A model id as a file name: "meta-llama/Llama-3.1-8B" → "meta-llama--Llama-3.1-8B". */
function modelSlug(model: string): string {
  return model.replace(/\//g, '--').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** `<cacheDir>/pools/<benchmark>/<split>/<model-slug>.jsonl` */
export function defaultPoolPath(cacheDir: string, benchmark: string, split: string, model: string): string {
  return path.join(cacheDir, 'pools', benchmark, split, `${modelSlug(model)}.jsonl`);
}

function buildPoolCommand(benchmark: string, split: string, model: string): string {
  const from = split.split('+').join(',');
  return `aloe-eval medprompt build-pool --benchmark ${benchmark} --from ${from} --model ${JSON.stringify(model)} (with the endpoint flags of your run)`;
}

/** Splits preferred when no split is named: train first. */
const SPLIT_PREFERENCE = ['train', 'dev', 'validation'];

/** A pool drawn from several splits is filed under their names joined by "+", e.g. "dev+validation". */
export function splitKey(splits: readonly string[]): string {
  return splits.join('+');
}

/**
 * The pool for `benchmark` built by `model`: from `split` when that one exists, else from any
 * other split (train first). Throws a UserError naming the build-pool command when there is none,
 * and pointing at other models' pools (usable with --pool) when there are some.
 */
export function findPool(cacheDir: string, benchmark: string, model: string, split?: string): string {
  const root = path.join(cacheDir, 'pools', benchmark);
  const built = existsSync(root) ? readdirSync(root).sort(bySplitPreference) : [];
  for (const s of split ? [split, ...built.filter((b) => b !== split)] : built) {
    const file = defaultPoolPath(cacheDir, benchmark, s, model);
    if (existsSync(file)) return file;
  }
  const others = built
    .flatMap((s) => readdirSync(path.join(root, s)).map((f) => path.join(root, s, f)))
    .filter((f) => f.endsWith('.jsonl'));
  const hint = others.length ? `; pools built by other models exist (use one with --pool FILE): ${others.join(', ')}` : '';
  throw new UserError(
    `no example pool for ${benchmark} built by model "${model}" under ${root}; ` +
      `build it with: ${buildPoolCommand(benchmark, split ?? 'train', model)}, or name one with --pool FILE${hint}`,
  );
}

function bySplitPreference(a: string, b: string): number {
  const rank = (s: string) => (SPLIT_PREFERENCE.includes(s) ? SPLIT_PREFERENCE.indexOf(s) : SPLIT_PREFERENCE.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Writes the pool atomically (a crash never leaves half a pool where a run would find it), a batch of lines at a time. */
export function writePool(file: string, header: PoolHeader, items: readonly PoolItem[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(header) + '\n');
    for (let i = 0; i < items.length; i += 1000) {
      writeSync(fd, items.slice(i, i + 1000).map((item) => JSON.stringify(item) + '\n').join(''));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function readPool(file: string): PoolFile {
  if (!existsSync(file)) throw new UserError(`pool file ${file} does not exist; fix --pool or build one with aloe-eval medprompt build-pool`);
  let header: PoolHeader | undefined;
  const items: PoolItem[] = [];
  const malformedLines: number[] = [];
  for (const { line, number } of lines(file)) {
    if (number === 1) {
      try {
        header = JSON.parse(line) as PoolHeader;
      } catch {
        header = undefined;
      }
      if (header?.schema !== POOL_SCHEMA) {
        throw new UserError(`${file} is not an aloe-eval pool: line 1 must be its header with "schema": "${POOL_SCHEMA}"; build one with aloe-eval medprompt build-pool`);
      }
      continue;
    }
    if (line.trim() === '') continue;
    try {
      const item = JSON.parse(line) as PoolItem;
      if (isWellFormed(item)) items.push(item);
      else malformedLines.push(number);
    } catch {
      malformedLines.push(number);
    }
  }
  if (!header) throw new UserError(`${file} is empty, not an aloe-eval pool; build one with aloe-eval medprompt build-pool`);
  return { path: file, header, items, malformedLines };
}

/** The file's lines, read in 1 MiB chunks (a MedMCQA-size pool is hundreds of MB: never one string). */
function* lines(file: string): Generator<{ line: string; number: number }> {
  const fd = openSync(file, 'r');
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(1 << 20);
  let rest = '';
  let number = 0;
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      const parts = (rest + decoder.write(buffer.subarray(0, n))).split('\n');
      rest = parts.pop()!;
      for (const line of parts) yield { line, number: ++number };
    }
    rest += decoder.end();
    if (rest !== '') yield { line: rest, number: ++number };
  } finally {
    closeSync(fd);
  }
}

function isWellFormed(item: PoolItem): boolean {
  if (typeof item?.id !== 'string' || typeof item.question !== 'string' || !Array.isArray(item.options)) return false;
  const keys = item.options.map((o: OptionItem) => o?.key);
  if (item.options.length < 2 || !item.options.every((o) => typeof o?.key === 'string' && typeof o.text === 'string')) return false;
  if (!keys.includes(item.answer)) return false;
  return Array.isArray(item.order) && item.order.length === keys.length && keys.every((k) => item.order.includes(k));
}

export interface UsableExamples {
  examples: Example[];
  /** Items left out, by reason. */
  skipped: { noRationale: number; rationaleDisagrees: number; malformed: number };
}

/**
 * The pool items a strategy can show. Chain-of-thought needs a rationale whose extracted answer
 * is the gold one (a hand-edited or foreign pool may hold others: skipped and counted); direct
 * answers need only the question and its gold key.
 */
export function usableExamples(pool: PoolFile, needRationale: boolean): UsableExamples {
  const skipped = { noRationale: 0, rationaleDisagrees: 0, malformed: pool.malformedLines.length };
  const examples: Example[] = [];
  for (const item of pool.items) {
    if (needRationale) {
      if (typeof item.rationale !== 'string' || item.rationale.trim() === '') {
        skipped.noRationale++;
        continue;
      }
      const letter = extractAnswer(item.rationale, showOptions(item.options, item.order));
      if (originalKey(letter, item.options, item.order) !== item.answer) {
        skipped.rationaleDisagrees++;
        continue;
      }
    }
    const { dropped: _dropped, ...example } = item;
    examples.push(example);
  }
  return { examples, skipped };
}

/** One line describing a pool's provenance, for warnings and logs. */
export function describePool(pool: PoolFile): string {
  const h = pool.header;
  return `${pool.path}: ${h.benchmark}/${h.split}, model "${h.model}", prompt ${h.promptHash.slice(0, 12)}, built ${h.createdAt}, ${h.counts.kept} of ${h.counts.total} rationales kept`;
}
