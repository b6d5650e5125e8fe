/**
 * Package sources (`source: {package: true}`): prompt sets written for aloe-eval and shipped in
 * its `benchmarks/` folder (benchmarks/data/aloe-risks.csv). They need neither network nor
 * ../shared, so they run anywhere the CLI is installed.
 */
import { fileURLToPath } from 'node:url';

/** The package's benchmarks/ folder, three levels above this file in src/ or dist/. */
const benchmarksRoot = new URL('../../../benchmarks/', import.meta.url);

/** Absolute path of a packaged file, `path` relative to benchmarks/ (e.g. `data/aloe-risks.csv`). */
export function packagedFile(path: string): string {
  return fileURLToPath(new URL(path, benchmarksRoot));
}
