import type { Sample } from './sample.js';

/** Labelled examples a strategy may draw from: a benchmark's configured pool split(s). */
export interface PoolSamples {
  /** The benchmark the pool comes from (CareQA's pool is MedMCQA train). */
  benchmark: string;
  splits: string[];
  samples: Sample[];
}

/**
 * The dataset reads a strategy may make in `prepare`, handed to it by the runner so that
 * strategies never import the datasets layer (and a test can hand in samples from memory).
 *
 * @example
 * const source: SampleSource = {
 *   pool: async () => ({ benchmark: 'medqa', splits: ['train'], samples: trainRows }),
 *   poolOrigin: () => ({ benchmark: 'medqa', splits: ['train'] }),
 *   split: async () => testRows,
 * };
 */
export interface SampleSource {
  /** The split(s) `benchmark` draws few-shot examples from (its config's `pool`). */
  pool(benchmark: string): Promise<PoolSamples>;
  /** Where that pool comes from, without loading it; undefined when the config names none. */
  poolOrigin(benchmark: string): { benchmark: string; splits: string[] } | undefined;
  /** One split of a benchmark, complete and in dataset order (`undefined`: the evaluated split). */
  split(benchmark: string, split?: string): Promise<Sample[]>;
}
