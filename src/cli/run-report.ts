import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `<run-dir>/report.html` for one run; a failure here is reported but never fails the run. */
export async function writeRunReport(dir: string, historyFile: string, log: (line: string) => void): Promise<void> {
  try {
    // Loaded here, not at start-up: a run with --no-report never needs the report and chart code.
    const { writeReport } = await import('../report/write-report.js');
    await writeReport([dir], join(dir, 'report.html'), existsSync(historyFile) ? { historyFile } : {});
  } catch (err) {
    log(`could not write ${join(dir, 'report.html')}: ${(err as Error).message} (the results are intact; retry with \`aloe-eval report ${dir}\`)`);
  }
}
