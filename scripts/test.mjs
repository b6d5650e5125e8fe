#!/usr/bin/env node
// The project's one test command (`npm test`): builds the CLI (end-to-end tests spawn it),
// makes sure a browser is there for the report tests, runs vitest, and closes with the
// `N passed, N failed` line that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return r.status ?? 1;
}

if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const chromium = process.env.ALOE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('chromium is missing: installing Debian\'s chromium for the report tests…');
  run('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
}

mkdirSync('test-output', { recursive: true });
const report = 'test-output/vitest.json';
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

if (!existsSync(report)) {
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const summary = JSON.parse(readFileSync(report, 'utf8'));
const skipped = (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0);
// A test file that fails to load counts as a failure even though it ran no test.
const brokenFiles = (summary.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
process.exit(status);
