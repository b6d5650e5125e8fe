/**
 * Package sources (`source: {package: true}`): prompt sets written for aloe-eval and shipped in
 * its `benchmarks/` folder (benchmarks/data/aloe-risks.csv). They need neither network nor
 * ../shared, so they run anywhere the CLI is installed.
 */
import { packageFile } from '../../util/package-dir.js';

/** Absolute path of a packaged file, `path` relative to benchmarks/ (e.g. `data/aloe-risks.csv`). */
export function packagedFile(path: string): string {
  return packageFile('benchmarks', path);
}
