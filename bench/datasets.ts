/**
 * Dataset loading speed on the real files of ../shared/datasets/hub (the mcqa suite: 12,666
 * questions in 10 benchmarks, parquet and JSON Lines), through the fake Hub on 127.0.0.1:
 *  - cold: resolve revisions, download into an empty Hugging Face cache, hash, parse, adapt;
 *  - warm: the same from the cache (zero requests);
 *  - --data-dir: straight from the mirror;
 *  - the open suite's staged files (ACI-BENCH, MTS-Dialog, MedLFQA subsets) from the cache.
 *
 * Run: npx tsx bench/datasets.ts
 */
import { existsSync, rmSync } from 'node:fs';
import { loadBenchmark, resolveBenchmarks, type LoadOptions } from '../src/datasets/index.js';
import { sharedHub as hubDir } from '../test/helpers/cli.js';
import { fakeHubLoadOptions, tempDir } from '../test/helpers/dataset-fixtures.js';
import { startFakeHub } from '../test/helpers/fake-hub.js';

if (!existsSync(hubDir)) {
  console.log(`datasets bench: ${hubDir} not found; skipped`);
  process.exit(0);
}

const hub = await startFakeHub(hubDir);
const work = tempDir('aloe-bench-datasets-');
const options = fakeHubLoadOptions(hub, work);
const mcqa = resolveBenchmarks({ suite: 'mcqa' });

async function timed(label: string, ids: [string, string?][], opts: LoadOptions): Promise<void> {
  const t0 = performance.now();
  let n = 0;
  for (const [id, split] of ids) n += (await loadBenchmark(id, opts, split)).samples.length;
  const ms = performance.now() - t0;
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(`${label.padEnd(34)} ${String(n).padStart(6)} samples  ${ms.toFixed(0).padStart(6)} ms  ${((n / ms) * 1000).toFixed(0).padStart(7)} samples/s  heap ${heap.toFixed(0)} MiB`);
}

try {
  const suite = mcqa.map((id) => [id] as [string]);
  await timed('mcqa suite, cold (download)', suite, options);
  hub.requests.length = 0;
  await timed('mcqa suite, warm (cache)', suite, options);
  console.log(`  requests on the warm run: ${hub.requests.length}`);
  await timed('mcqa suite, --data-dir', suite, { ...options, dataDir: hubDir });
  const open: [string, string?][] = [['aci-bench'], ['mts-dialog'], ['olaph', 'kqa_golden'], ['olaph', 'kqa_silver_wogold'], ['olaph', 'live_qa'], ['olaph', 'medication_qa']];
  await timed('open (staged files), cold', open, options);
  await timed('open (staged files), warm', open, options);
} finally {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
}
