import pLimit from 'p-limit';
import type { Prediction } from '../types/prediction.js';
import type { Sample } from '../types/sample.js';
import { UserError } from '../util/errors.js';
import { EmbeddingCache } from './retrieval/embedding-cache.js';
import { runEnsemble, voteDetails } from './ensemble/ensemble.js';
import { nearestSelection, randomSelection, type Selection } from './retrieval/example-select.js';
import { RerankCache, RerankError } from './retrieval/rerank-cache.js';
import { rerankedSelection } from './retrieval/rerank-select.js';
import { fewShotMessages, styleTemplate, type AnswerStyle, type Example } from './mcqa/few-shot.js';
import { LeakGuard } from './retrieval/leak-guard.js';
import { askMcqa } from './mcqa/mcqa-call.js';
import { readMedpromptOptions, type MedpromptOptions } from './medprompt-options.js';
import { cotPromptHash } from './pools/pool-build.js';
import { describePool, findPool, readPool, splitKey, usableExamples } from './pools/pool.js';
import { bm25Retriever, embeddingRetriever, type Retriever } from './retrieval/retriever.js';
import { needData, type Strategy, type StrategyContext } from './strategy.js';
import { loadTemplate } from './mcqa/templates.js';

/** What a strategy is made of: Medprompt's three ingredients, each on or off. */
export interface StrategySpec {
  name: string;
  /** Few-shot examples: none, k drawn at random from the pool, or the k nearest (kNN). */
  examples: 'none' | 'random' | 'knn';
  /** Reason first (chain of thought), or answer directly. */
  style: AnswerStyle;
  /** Choice-shuffle ensemble with a plurality vote, or one call. */
  ensemble: boolean;
}

/**
 * Builds a multiple-choice strategy from a spec; the registry names the combinations
 * (cot, fewshot, knn, knn-cot, ensemble, medprompt…).
 *
 * @example
 * createComposedStrategy({ name: 'medprompt', examples: 'knn', style: 'cot', ensemble: true })
 */
export function createComposedStrategy(spec: StrategySpec): Strategy {
  let options: MedpromptOptions | undefined;
  let pool: Example[] = [];
  let guard: LeakGuard | undefined;
  let retriever: Retriever | undefined;
  /** Scores kNN candidates when a reranker is configured (ctx.rerank); unset again if it fails under --rerank-optional. */
  let reranker: RerankCache | undefined;
  /** Selections made in prepare (all questions at once: one embedding pass, one log line). */
  const selected = new Map<string, Selection>();

  const select = async (sample: Sample, ctx: StrategyContext): Promise<Selection> => {
    if (spec.examples === 'none') return { examples: [], leakExcluded: 0 };
    const known = selected.get(sample.id);
    if (known) return known;
    if (!guard) throw new Error(`strategy ${spec.name}: prepare() must run before solve()`);
    if (spec.examples === 'random') return randomSelection(pool, guard, sample, options!.k, ctx.seed);
    await retriever!.prepare([sample]);
    const search = (m: number) => retriever!.search(sample, m);
    if (!reranker) return nearestSelection(pool, guard, sample, options!.k, search);
    return rerankedSelection(pool, guard, sample, options!.k, options!.rerankCandidates, search, (q, d) => reranker!.score(q, d));
  };

  /** Every question's examples, before any model call (reranker requests run a few at a time). */
  const selectAll = async (samples: Sample[], ctx: StrategyContext) => {
    const limit = pLimit(reranker ? 8 : 1);
    const made = new Map<string, Selection>();
    try {
      await Promise.all(samples.map((s) => limit(async () => made.set(s.id, await select(s, ctx)))));
    } catch (err) {
      limit.clearQueue(); // no further reranker request once one failed
      throw err;
    }
    for (const [id, selection] of made) selected.set(id, selection);
  };

  const prepare: Strategy['prepare'] = async (benchmark, samples, ctx) => {
    options = readMedpromptOptions(ctx.options);
    pool = await loadExamples(benchmark, spec, options, ctx);
    guard = new LeakGuard(pool.map((e) => e.question));
    if (spec.examples === 'knn') {
      retriever = await makeRetriever(pool, options, ctx);
      await retriever.prepare(samples);
      reranker = makeReranker(options, ctx);
    }
    try {
      await selectAll(samples, ctx);
    } catch (err) {
      if (!options.rerankOptional || !(err instanceof RerankError)) throw err;
      // Every question then goes without reranking, so the run stays one protocol.
      ctx.log(`warning: ${err.reason}; --rerank-optional: going on without reranking`);
      reranker = undefined;
      await selectAll(samples, ctx);
    }
    if (reranker) {
      const { hits, misses, requests } = reranker.stats;
      ctx.log(`reranker ${options.rerankerModel}: ${hits} scores from cache, ${misses} scored in ${requests} requests`);
    }
    let excluded = 0;
    let affected = 0;
    for (const s of samples) {
      const selection = selected.get(s.id)!;
      excluded += selection.leakExcluded;
      if (selection.leakExcluded) affected++;
    }
    ctx.log(
      `${spec.name}: ${retriever?.name ?? 'random'}${reranker ? ` + reranker ${options.rerankerModel}` : ''} examples from a pool of ${pool.length}; ` +
        `the leak guard left out ${excluded} near-copies of ${affected} test questions`,
    );
  };

  return {
    name: spec.name,
    kinds: ['mcqa'],
    templates: () => ({ [styleTemplate[spec.style]]: loadTemplate(styleTemplate[spec.style]) }),
    // Only example-based strategies prepare anything (and `aloe-eval prompts` can show the others).
    ...(spec.examples === 'none' ? {} : { prepare }),

    async solve(sample, ctx): Promise<Prediction> {
      options ??= readMedpromptOptions(ctx.options);
      const selection = await select(sample, ctx);
      const details: Record<string, unknown> = {};
      if (spec.examples !== 'none') {
        details.examples = selection.examples.map((e) => e.id);
        if (selection.scores) details.exampleScores = selection.scores.map((s) => Math.round(s * 10000) / 10000);
        if (selection.rerankScores) {
          details.rerankScores = selection.rerankScores.map((s) => Math.round(s * 10000) / 10000);
          details.reranker = options.rerankerModel;
          details.rerankCandidates = selection.rerankCandidates;
        }
        details.retriever = spec.examples === 'random' ? 'random' : retriever!.name;
        details.leakExcluded = selection.leakExcluded;
      }
      const messagesFor = (order?: string[]) => fewShotMessages(sample, order, selection.examples, spec.style, ctx.systemPrompt);
      if (!spec.ensemble) {
        const attempt = await askMcqa(sample, messagesFor(), spec.style, ctx);
        return { answer: attempt.extracted, attempts: [attempt], ...(Object.keys(details).length ? { details } : {}) };
      }
      const { ensembleSize: size, ensembleStop: stop } = options;
      const out = await runEnsemble(sample, messagesFor, spec.style, ctx, { size, stop });
      Object.assign(details, voteDetails(out, { size, stop }));
      return { answer: out.vote.answer, attempts: out.attempts, votes: out.vote.votes, details };
    },
  };
}

/** Where a benchmark's examples come from: its config's `pool` (CareQA borrows MedMCQA's), unless options say otherwise. */
function poolTarget(benchmark: string, options: MedpromptOptions, ctx: StrategyContext): { benchmark: string; split?: string } {
  const configured = ctx.data?.poolOrigin(benchmark);
  return {
    benchmark: options.poolBenchmark ?? configured?.benchmark ?? benchmark,
    split: options.poolSplit ?? (configured ? splitKey(configured.splits) : undefined),
  };
}

/**
 * The examples a strategy may show. From the pool file (--pool, or the one built for this
 * benchmark and model), logging its provenance and warning when another model or prompt made it.
 * Direct-answer strategies need no rationales, so without a pool they use the labelled split.
 */
async function loadExamples(benchmark: string, spec: StrategySpec, options: MedpromptOptions, ctx: StrategyContext): Promise<Example[]> {
  let file = options.pool;
  if (!file) {
    if (!options.model) throw new UserError(`strategy ${spec.name} needs an example pool: name one with --pool FILE`);
    const target = poolTarget(benchmark, options, ctx);
    try {
      file = findPool(options.cacheDir, target.benchmark, options.model, target.split);
    } catch (err) {
      if (spec.style === 'cot') throw err;
      return labelledExamples(benchmark, spec, options, ctx);
    }
  }
  const pool = readPool(file);
  if (options.model && pool.header.model !== options.model) {
    ctx.log(`warning: the example pool was built by another model than "${options.model}": ${describePool(pool)}`);
  } else if (spec.style === 'cot' && pool.header.promptHash !== cotPromptHash(ctx.systemPrompt)) {
    ctx.log(`warning: the example pool's rationales were written with another system prompt or template: ${describePool(pool)}`);
  } else {
    ctx.log(`example pool ${describePool(pool)}`);
  }
  const { examples, skipped } = usableExamples(pool, spec.style === 'cot');
  const nSkipped = skipped.noRationale + skipped.rationaleDisagrees + skipped.malformed;
  if (nSkipped) {
    ctx.log(
      `${spec.name}: using ${examples.length} of ${pool.items.length + skipped.malformed} pool items; skipped ` +
        `${skipped.noRationale} without a kept rationale, ${skipped.rationaleDisagrees} whose rationale does not reach the gold answer, ` +
        `${skipped.malformed} malformed lines`,
    );
  }
  if (examples.length === 0) {
    throw new UserError(`the example pool ${file} has no usable ${spec.style === 'cot' ? 'rationales' : 'items'}; rebuild it with aloe-eval medprompt build-pool`);
  }
  return examples;
}

/** Direct-answer examples straight from the benchmark's labelled split(s), gold answers, original order. */
async function labelledExamples(benchmark: string, spec: StrategySpec, options: MedpromptOptions, ctx: StrategyContext): Promise<Example[]> {
  const { samples, benchmark: source, splits } = await needData(ctx, spec.name).pool(benchmark);
  const examples = samples
    .filter((s) => s.kind === 'mcqa' && s.options?.length && s.answer != null)
    .map((s) => ({ id: s.id, question: s.question, context: s.context, options: s.options!, answer: s.answer!, order: s.options!.map((o) => o.key) }));
  if (examples.length === 0) throw new UserError(`${source} ${splits.join('+')} has no labelled multiple-choice items for ${spec.name}; give --pool FILE`);
  ctx.log(`${spec.name}: no example pool built; using the ${examples.length} labelled items of ${source} ${splits.join('+')}`);
  return examples;
}

/** The score cache over ctx.rerank, when a reranker passed the preflight. */
function makeReranker(options: MedpromptOptions, ctx: StrategyContext): RerankCache | undefined {
  if (!ctx.rerank) return undefined;
  if (!options.rerankerModel) throw new UserError('the reranker score cache is keyed by model: give --reranker-model NAME');
  return new RerankCache({ cacheDir: options.cacheDir, model: options.rerankerModel, rerank: ctx.rerank });
}

async function makeRetriever(pool: Example[], options: MedpromptOptions, ctx: StrategyContext): Promise<Retriever> {
  const useEmbeddings = options.retriever === 'embeddings' || (options.retriever === 'auto' && ctx.embed !== undefined);
  if (!useEmbeddings) return bm25Retriever(pool);
  if (!ctx.embed) throw new UserError('--retriever embeddings needs an embeddings endpoint: give --embeddings-endpoint URL');
  if (!options.embeddingsModel) throw new UserError('the embeddings cache is keyed by model: give --embeddings-model NAME');
  const cache = new EmbeddingCache({ cacheDir: options.cacheDir, model: options.embeddingsModel, embed: ctx.embed });
  const retriever = await embeddingRetriever(pool, cache, options.embeddingsModel, ctx.log);
  const { hits, misses, requests } = cache.stats;
  ctx.log(`embeddings: ${hits} from cache, ${misses} embedded in ${requests} requests`);
  return retriever;
}
