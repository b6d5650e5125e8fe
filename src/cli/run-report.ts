import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeReport } from '../report/write-report.js';

/** Writes `<run-dir>/report.html` for one run; a failure here is reported but never fails the run. */
export async function writeRunReport(dir: string, historyFile: string, log: (line: string) => void): Promise<void> {
  try {
    await writeReport([dir], join(dir, 'report.html'), existsSync(historyFile) ? { historyFile } : {});
  } catch (err) {
    log(`could not write ${join(dir, 'report.html')}: ${(err as Error).message} (the results are intact; retry with \`aloe-eval report ${dir}\`)`);
  }
}
