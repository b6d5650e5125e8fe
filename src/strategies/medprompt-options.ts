import { aloeCacheRoot } from '../util/cache-root.js';
import { UserError } from '../util/errors.js';
import { ensembleStops, type EnsembleStop } from './ensemble/adaptive-stop.js';

/**
 * Options of the few-shot, chain-of-thought and ensemble strategies, read from
 * `StrategyContext.options` (the CLI maps its flags onto these keys):
 *
 * | key             | flag                     | default                  | meaning |
 * |-----------------|--------------------------|--------------------------|---------|
 * | k               | --k                      | 5                        | examples per prompt |
 * | ensembleSize    | --ensemble-size          | 5                        | calls per question (ensemble, medprompt) |
 * | ensembleStop    | --ensemble-stop          | agree2                   | never, decided or agree2 (adaptive-stop.ts) |
 * | pool            | --pool                   | found by benchmark/model | example pool file (JSON Lines) |
 * | poolBenchmark   | (benchmark config)       | its `pool.benchmark`     | whose pool to use (CareQA has no labelled split: MedMCQA's) |
 * | poolSplit       | (benchmark config)       | its `pool.splits`        | which split's pool ("dev+validation" for several); else any |
 * | model           | (servedModel)            | the served model         | generation model: finds the pool, checks its provenance |
 * | embeddingsModel | --embeddings-model       | —                        | embeddings model (cache key); needed with an embeddings endpoint |
 * | retriever       | --retriever              | auto                     | auto (embeddings when configured, else bm25), embeddings, bm25 |
 * | rerankerModel   | --reranker-model         | —                        | reranker model (score cache key); needed with a reranker |
 * | rerankCandidates| --rerank-candidates      | 4 × k                    | kNN candidates the reranker scores per question |
 * | rerankOptional  | --rerank-optional        | false                    | a failing reranker: warn and go on without reranking |
 * | cacheDir        | --cache-dir / ALOE_CACHE_DIR | ~/.cache/aloe-eval   | pools, embeddings and reranker scores live under it |
 */
export interface MedpromptOptions {
  k: number;
  ensembleSize: number;
  ensembleStop: EnsembleStop;
  pool?: string;
  poolBenchmark?: string;
  poolSplit?: string;
  model?: string;
  embeddingsModel?: string;
  retriever: 'auto' | 'embeddings' | 'bm25';
  rerankerModel?: string;
  rerankCandidates: number;
  rerankOptional: boolean;
  cacheDir: string;
}

const DEFAULT_ENSEMBLE_STOP: EnsembleStop = 'agree2';

export function readMedpromptOptions(options: Record<string, unknown>): MedpromptOptions {
  const k = integer(options.k, 5, 1, 64, '--k');
  return {
    k,
    ensembleSize: integer(options.ensembleSize, 5, 1, 64, '--ensemble-size'),
    ensembleStop: oneOf(options.ensembleStop, ensembleStops, DEFAULT_ENSEMBLE_STOP, '--ensemble-stop'),
    pool: text(options.pool, '--pool'),
    poolBenchmark: text(options.poolBenchmark, 'poolBenchmark'),
    poolSplit: text(options.poolSplit, 'poolSplit'),
    model: text(options.model, '--model') ?? text(options.servedModel, 'servedModel'),
    embeddingsModel: text(options.embeddingsModel, '--embeddings-model'),
    retriever: oneOf(options.retriever, ['auto', 'embeddings', 'bm25'] as const, 'auto', '--retriever'),
    rerankerModel: text(options.rerankerModel, '--reranker-model'),
    rerankCandidates: integer(options.rerankCandidates, 4 * k, 1, 4096, '--rerank-candidates'),
    rerankOptional: options.rerankOptional === true,
    cacheDir: text(options.cacheDir, 'cacheDir') ?? aloeCacheRoot(),
  };
}

function integer(value: unknown, fallback: number, min: number, max: number, flag: string): number {
  if (value == null) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, flag: string): T {
  if (value == null) return fallback;
  if (!allowed.includes(value as T)) throw new UserError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function text(value: unknown, flag: string): string | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value !== 'string') throw new UserError(`${flag} must be text, got ${JSON.stringify(value)}`);
  return value;
}
