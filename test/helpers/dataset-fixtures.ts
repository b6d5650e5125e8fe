/**
 * Builds a Hub-layout mirror of the synthetic fixtures in test/fixtures/datasets/hub into a temp
 * folder: text files are copied, every `X.parquet.json` becomes `X.parquet`. The result can be
 * served by `startFakeHub` or read with `--data-dir`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { LoadOptions } from '../../src/datasets/index.js';
import { startFakeHub, type FakeHub, type FakeHubOptions } from './fake-hub.js';
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

/** What `useFixtureHub` sets up: read inside tests and hooks, once its hooks have run. */
export interface FixtureHub {
  /** The fixture mirror (`buildFixtureMirror`), for the whole file. */
  readonly mirror: string;
  /** The fake Hub serving `mirror`, for the whole file; its `requests` are cleared before each test. */
  readonly hub: FakeHub;
  /** A fresh, empty temp folder for each test, removed after it. */
  readonly work: string;
}

/**
 * Registers the hooks every fake-Hub test file needs: the mirror built and served once, a fresh
 * work folder and an empty request log per test, everything removed afterwards. Call it at the
 * top of the file or of a describe block, before hooks that read it.
 */
export function useFixtureHub(options: FakeHubOptions = {}): FixtureHub {
  const state: { mirror?: string; hub?: FakeHub; work?: string } = {};
  beforeAll(async () => {
    state.mirror = buildFixtureMirror();
    state.hub = await startFakeHub(state.mirror, options);
  });
  afterAll(async () => {
    await state.hub?.close();
    if (state.mirror) rmSync(state.mirror, { recursive: true, force: true });
  });
  beforeEach(() => {
    state.work = tempDir();
    state.hub!.requests.length = 0;
  });
  afterEach(() => {
    if (state.work) rmSync(state.work, { recursive: true, force: true });
  });
  return {
    get mirror() {
      return state.mirror!;
    },
    get hub() {
      return state.hub!;
    },
    get work() {
      return state.work!;
    },
  };
}
