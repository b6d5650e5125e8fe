import pLimit from 'p-limit';
import type { Sample } from '../../types/sample.js';
import { UserError } from '../../util/errors.js';
import { sha256 } from '../../util/hash.js';
import { version } from '../../version.js';
import { fewShotMessages, styleTemplate } from '../mcqa/few-shot.js';
import { askMcqa } from '../mcqa/mcqa-call.js';
import { POOL_SCHEMA, type DropReason, type PoolHeader, type PoolItem } from './pool.js';
import type { StrategyContext } from '../strategy.js';
import { loadTemplate } from '../mcqa/templates.js';

export interface BuildPoolOptions {
  benchmark: string;
  split: string;
  /** Model that answers (recorded in the header; runs look pools up by it). */
  model: string;
  /** Questions asked at once. */
  concurrency?: number;
  /** Called after each question. */
  onProgress?: (done: number, total: number) => void;
}

export interface BuildPoolResult {
  header: PoolHeader;
  items: PoolItem[];
  /** A few error messages, for the report when calls failed. */
  errorSamples: string[];
}

/** sha256 of what shapes a rationale: the system prompt and the chain-of-thought template. */
export function cotPromptHash(systemPrompt: string): string {
  return sha256(`${systemPrompt}\u0000${loadTemplate(styleTemplate.cot)}`);
}

/**
 * Medprompt's example pool: asks the model each labelled question with chain of thought (zero-shot,
 * options in their original order) and keeps a rationale only when its final answer is the gold
 * one. Every question stays in the result; a dropped one carries `rationale: null` and why
 * (`unparsed`, `wrong` answer, or a call `error`).
 *
 * @example
 * const { header, items } = await buildPool(trainSamples, ctx, { benchmark: 'medqa', split: 'train', model });
 * writePool(defaultPoolPath(cacheDir, 'medqa', 'train', model), header, items);
 */
export async function buildPool(samples: readonly Sample[], ctx: StrategyContext, options: BuildPoolOptions): Promise<BuildPoolResult> {
  const bad = samples.find((s) => s.kind !== 'mcqa' || !s.options?.length || s.answer == null);
  if (bad) {
    throw new UserError(
      `${options.benchmark} ${options.split} item ${bad.id} is not a labelled multiple-choice question: a pool needs a split with gold answers (e.g. --from train)`,
    );
  }
  const dropped: Record<DropReason, number> = { unparsed: 0, wrong: 0, error: 0 };
  const errorSamples: string[] = [];
  const limit = pLimit(options.concurrency ?? 8);
  let done = 0;
  const items = await Promise.all(
    samples.map((sample) =>
      limit(async (): Promise<PoolItem> => {
        const order = sample.options!.map((o) => o.key);
        const item: PoolItem = {
          id: sample.id,
          question: sample.question,
          ...(sample.context ? { context: sample.context } : {}),
          options: sample.options!,
          answer: sample.answer!,
          order,
          rationale: null,
        };
        try {
          const attempt = await askMcqa(sample, fewShotMessages(sample, undefined, [], 'cot', ctx.systemPrompt), 'cot', ctx);
          if (attempt.extracted === sample.answer) item.rationale = attempt.raw.trim();
          else item.dropped = attempt.extracted == null ? 'unparsed' : 'wrong';
        } catch (err) {
          item.dropped = 'error';
          if (errorSamples.length < 3) errorSamples.push(`${sample.id}: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (item.dropped) dropped[item.dropped]++;
        options.onProgress?.(++done, samples.length);
        return item;
      }),
    ),
  );
  const header: PoolHeader = {
    schema: POOL_SCHEMA,
    benchmark: options.benchmark,
    split: options.split,
    model: options.model,
    template: styleTemplate.cot,
    promptHash: cotPromptHash(ctx.systemPrompt),
    temperature: ctx.temperature,
    maxTokens: ctx.maxTokens,
    createdAt: new Date().toISOString(),
    aloeEvalVersion: version,
    counts: { total: items.length, kept: items.filter((i) => i.rationale != null).length, dropped },
  };
  return { header, items, errorSamples };
}
