/**
 * The datasets layer's public API — what the runner and CLI call. Everything else in this folder
 * is internal.
 *
 * @example
 * const ids = resolveBenchmarks({ suite: 'mcqa' });
 * for (const id of ids) {
 *   const { spec, samples, provenance } = await loadBenchmark(id, loadOptionsFromFlags({ dataDir, offline }, log));
 *   // spec.kind, spec.metric, spec.prompt, spec.groups, spec.maxTokens, spec.stop
 * }
 * const pool = await loadPoolSamples('careqa', options); // MedMCQA train
 */
import { getSuites } from './registry.js';

export { listBenchmarks, getBenchmark, resolveBenchmarks, suiteOf, getSuites, benchmarksDir } from './registry.js';
export { loadBenchmark, loadPoolSamples, sampleSource, type PoolSamples } from './load.js';
export {
  hubOptionsFromEnv,
  loadOptionsFromEnv,
  loadOptionsFromFlags,
  DEFAULT_LOCK_FILE,
  type DatasetFlags,
  type LoadOptions,
} from './options.js';
export { downloadBenchmarks, lockBenchmarks, splitsToFetch, type FetchedSplitSummary } from './prefetch.js';
export { readLock, type LockFile, type LockEntry } from './lock.js';
export { availabilities, availabilityText, type Availability } from './availability.js';
export { accessPage } from './sources/hub.js';
export type { BenchmarkSpec, Source, HubSource, GithubSource } from './spec.js';
export { adapters, type AdapterName } from './adapters/index.js';

/**
 * Suites by name (`mcqa`, `open`, `mmlu-medical`), read lazily from benchmarks/suites.yaml on
 * first access (so a malformed file surfaces as a one-line error from a command, not at import).
 */
export const suites: Readonly<Record<string, string[]>> = new Proxy({} as Record<string, string[]>, {
  get: (_t, key) => (typeof key === 'string' ? getSuites()[key] : undefined),
  has: (_t, key) => typeof key === 'string' && key in getSuites(),
  ownKeys: () => Reflect.ownKeys(getSuites()),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Object.getOwnPropertyDescriptor(getSuites(), key);
    return d && { ...d, configurable: true };
  },
});
