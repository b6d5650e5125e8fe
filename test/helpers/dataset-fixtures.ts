/**
 * Builds a Hub-layout mirror of the synthetic fixtures in test/fixtures/datasets/hub into a temp
 * folder: text files are copied, every `X.parquet.json` becomes `X.parquet`. The result can be
 * served by `startFakeHub` or read with `--data-dir`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadOptions } from '../../src/datasets/index.js';
import type { FakeHub } from './fake-hub.js';
import { parquetFixtureBytes, type ParquetFixture } from './parquet-fixture.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));

function convertTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) convertTree(path);
    else if (name.endsWith('.parquet.json')) {
      const fixture = JSON.parse(readFileSync(path, 'utf8')) as ParquetFixture;
      writeFileSync(path.slice(0, -'.json'.length), parquetFixtureBytes(fixture));
      rmSync(path);
    }
  }
}

/** A fresh temp folder holding the fixture mirror; the caller removes it. */
export function buildFixtureMirror(): string {
  const root = mkdtempSync(join(tmpdir(), 'aloe-fixture-hub-'));
  cpSync(join(fixturesDir, 'hub'), root, { recursive: true });
  convertTree(root);
  return root;
}

/** Load options that download from `hub` (Hub and GitHub routes) into caches under `work`; no lock file. */
export function fakeHubLoadOptions(hub: FakeHub, work: string): LoadOptions {
  return {
    hubUrl: hub.url,
    githubRawUrl: `${hub.url}/github`,
    hubCacheDir: join(work, 'hf-hub'),
    cacheDir: join(work, 'aloe'),
    offline: false,
    lockFile: false,
  };
}

/** A fresh, empty temp folder for caches. */
export function tempDir(prefix = 'aloe-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
