/**
 * `npm run bench`: every benchmark script in this folder, one after another (each in its own
 * process, so one's memory does not weigh on the next). Figures go to stdout; nothing here
 * asserts on time — the issue notes quote these numbers.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// `npm run bench -- startup --only job`: names pick scripts (by prefix), what follows the first flag goes to each.
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const only = firstFlag === -1 ? args : args.slice(0, firstFlag);
const passed = firstFlag === -1 ? [] : args.slice(firstFlag);
const scripts = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'fake-server.ts'].includes(f) && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...passed], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`bench/${script} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
