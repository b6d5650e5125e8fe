/** Issue 5: a full disk while writing stops the run cleanly, and the run resumes where it stopped. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { RunFile } from '../src/types/results.js';
import { hasShared, runCli, sharedHub } from './helpers/cli.js';

/** A 256 KiB tmpfs: root can mount one on Linux; elsewhere the test says why it is skipped. */
function mountTinyDisk(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'aloe-tinyfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}

const tiny = hasShared ? mountTinyDisk() : undefined;
afterAll(() => {
  if (tiny) execFileSync('umount', [tiny]);
});

describe.skipIf(!tiny)('a full disk (needs root to mount a small tmpfs)', () => {
  test('stops with one line and exit 1; the same command elsewhere with --resume finishes with the same results', async () => {
    const args = ['run', '--benchmarks', 'medqa', '--limit', '400', '--model', 'baseline:random', '--data-dir', sharedHub, '--no-report', '--progress', 'none'];
    const out = join(tiny!, 'results');
    mkdirSync(out);
    const full = await runCli([...args, '--out', out]);
    expect(full.code).toBe(1);
    const lines = full.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot write .*samples\.jsonl \(ENOSPC\); free space and resume with the same command or --resume/);

    // move the partial run to a disk with space and resume it there
    const [name] = readdirSync(out);
    const roomy = mkdtempSync(join(tmpdir(), 'aloe-roomy-'));
    cpSync(join(out, name), join(roomy, name), { recursive: true });
    const partial = readFileSync(join(roomy, name, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(400);
    const resumed = await runCli([...args, '--out', roomy, '--resume', join(roomy, name)]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(roomy, name, 'run.json'), 'utf8')) as RunFile;

    const clean = mkdtempSync(join(tmpdir(), 'aloe-clean-'));
    expect((await runCli([...args, '--out', clean])).code).toBe(0);
    const [cleanName] = readdirSync(clean).filter((d) => d !== 'history.jsonl');
    const reference = JSON.parse(readFileSync(join(clean, cleanName, 'run.json'), 'utf8')) as RunFile;
    expect(run.status).toBe('complete');
    expect(run.results).toEqual(reference.results);
  });
});
