/** The packed tarball holds everything `npx aloe-eval` needs (code, benchmarks, prompts). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { chunksHolding, chunksLoaded } from './helpers/module-trace.js';

test('npm pack: the tarball runs as the aloe-eval bin from anywhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aloe-pack-'));
  const out = execFileSync('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  const [{ filename, files }] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
  const paths = files.map((f) => f.path);
  expect(paths).toContain('dist/cli/main.js');
  expect(paths).toContain('benchmarks/medqa.yaml');
  expect(paths).toContain('prompts/system-aloe.txt');
  expect(paths).toContain('dist/benchmarks.catalogue.json');
  expect(paths.some((p) => p.startsWith('test/') || p.startsWith('src/'))).toBe(false);

  execFileSync('tar', ['xzf', join(dir, filename), '-C', dir]);
  // dependencies as an install would provide them
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'package', 'node_modules'));
  const bin = join(dir, 'package', 'dist', 'cli', 'main.js');
  expect(existsSync(bin)).toBe(true);
  const version = execFileSync(bin, ['--version'], { cwd: dir, encoding: 'utf8' });
  expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const list = execFileSync(bin, ['list'], { cwd: dir, encoding: 'utf8' });
  expect(list).toMatch(/medqa/);
  expect(list).toMatch(/mcqa/);
  // npm pack stamps every file with one date: the spec cache, checked by content, still holds (list loads no YAML parser)
  expect(paths).not.toContain('dist/meta.json');
  const loaded = chunksLoaded(['list'], bin, dir);
  expect(chunksHolding('node_modules/yaml/').filter((chunk) => loaded.includes(chunk))).toEqual([]);
}, 60_000);
