/**
 * Where data comes from and goes to. `@huggingface/hub` reads none of HF_TOKEN, HF_ENDPOINT or
 * HF_HUB_OFFLINE itself, so they are read here and passed explicitly.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { aloeCacheRoot } from '../util/cache-root.js';
import { listBenchmarks } from './registry.js';

export interface LoadOptions {
  /** A local mirror (`<org>/<name>/<path>`, branches as `@<url-encoded revision>`, `github/<owner>/<repo>/<commit>/<path>`). */
  dataDir?: string;
  /** Hub base URL (HF_ENDPOINT), default https://huggingface.co. */
  hubUrl?: string;
  /** Hub token (HF_TOKEN); must start with `hf_`. */
  token?: string;
  /** No network at all (HF_HUB_OFFLINE=1): everything must be in the caches or the mirror. */
  offline?: boolean;
  /** The Hugging Face cache shared with Python (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub). */
  hubCacheDir?: string;
  /** aloe-eval's own cache for URL sources (ALOE_CACHE_DIR, else ~/.cache/aloe-eval); files go under `files/`. */
  cacheDir?: string;
  /** Base for GitHub raw files (ALOE_GITHUB_RAW_URL, default https://raw.githubusercontent.com); tests point it at a fake. */
  githubRawUrl?: string;
  /**
   * Lock file to honour (and, for `datasets lock`, to write). Default: `aloe-eval.lock.json` in
   * the current directory when it exists. `false` ignores any lock.
   */
  lockFile?: string | false;
  /** Progress and warning lines (downloads, row-count mismatches); never results. */
  log?: (line: string) => void;
  /**
   * `--file <benchmark>=PATH`: one local CSV/JSONL/JSON/parquet file that stands for a benchmark's
   * eval split, read instead of the Hub or the mirror (credentialed data held only locally).
   */
  files?: Record<string, string>;
}

export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const DEFAULT_GITHUB_RAW_URL = 'https://raw.githubusercontent.com';
export const DEFAULT_LOCK_FILE = 'aloe-eval.lock.json';

const truthy = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());
const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v : undefined);

/** The Hub settings from the environment, as Python's huggingface_hub reads them. */
export function hubOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<LoadOptions, 'hubUrl' | 'token' | 'offline' | 'hubCacheDir'> {
  const home = nonEmpty(env.HF_HOME) ?? join(nonEmpty(env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'huggingface');
  return {
    hubUrl: nonEmpty(env.HF_ENDPOINT) ?? DEFAULT_HUB_URL,
    token: nonEmpty(env.HF_TOKEN) ?? nonEmpty(env.HUGGING_FACE_HUB_TOKEN),
    offline: truthy(env.HF_HUB_OFFLINE),
    hubCacheDir: nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE) ?? join(home, 'hub'),
  };
}

/** Every LoadOptions default from the environment (Hub settings plus ALOE_DATA_DIR, ALOE_CACHE_DIR, ALOE_GITHUB_RAW_URL). */
export function loadOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LoadOptions {
  return {
    ...hubOptionsFromEnv(env),
    dataDir: nonEmpty(env.ALOE_DATA_DIR),
    cacheDir: aloeCacheRoot(env),
    githubRawUrl: nonEmpty(env.ALOE_GITHUB_RAW_URL) ?? DEFAULT_GITHUB_RAW_URL,
  };
}

/** The dataset settings every data-reading command takes: `--data-dir`, `--lock`, `--offline` (the same keys in a run config file). */
export interface DatasetFlags {
  dataDir?: string;
  lock?: string;
  offline?: boolean;
  /** `--file <benchmark>=PATH`, repeatable. */
  file?: string[];
}

/** `--file` entries → benchmark id → path. One-line errors name the entry and the fix. */
function parseFileOverrides(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const id = eq > 0 ? entry.slice(0, eq).trim() : '';
    const path = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (id === '' || path === '') throw new UserError(`--file ${entry}: expected <benchmark>=PATH, e.g. --file mimic-iii-hospital-course=./hospital-course.csv`);
    if (!listBenchmarks().some((s) => s.id === id)) {
      throw new UserError(`--file ${entry}: unknown benchmark "${id}" (known: ${listBenchmarks().map((s) => s.id).join(', ')}); see "aloe-eval list"`);
    }
    if (!existsSync(path) || !statSync(path).isFile()) throw new UserError(`--file ${entry}: ${path} is not a file; give the path of a local CSV, JSONL, JSON or parquet file`);
    if (out[id] !== undefined) throw new UserError(`--file ${entry}: benchmark ${id} already has --file ${out[id]}; give one file per benchmark`);
    out[id] = resolve(path);
  }
  return out;
}

/**
 * LoadOptions for a command: the environment's (loadOptionsFromEnv) with its dataset flags on top;
 * `--offline` can only turn offline mode on. Progress and warning lines go to `log`.
 */
export function loadOptionsFromFlags(flags: DatasetFlags, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): LoadOptions {
  const options: LoadOptions = { ...loadOptionsFromEnv(env), log };
  if (flags.dataDir) options.dataDir = flags.dataDir;
  if (flags.lock) options.lockFile = flags.lock;
  if (flags.offline) options.offline = true;
  if (flags.file && flags.file.length > 0) options.files = parseFileOverrides(flags.file);
  return options;
}

export interface ResolvedOptions {
  dataDir?: string;
  hubUrl: string;
  token?: string;
  offline: boolean;
  hubCacheDir: string;
  cacheDir: string;
  githubRawUrl: string;
  lockFile: string | false;
  log: (line: string) => void;
  /** Re-resolve branches online even when the cache knows a commit for them (`datasets lock`, `download --refresh`). */
  refresh: boolean;
  /** Ignore the lock's revisions (`datasets lock` re-resolves). */
  ignoreLockedRevisions: boolean;
  /** Commits resolved during this operation (repo@revision → commit), so every split of one load agrees. */
  resolved: Map<string, Promise<string>>;
  /** Benchmark id → local file standing for its eval split (`--file`). */
  files: Record<string, string>;
}

/** Options given explicitly win; anything left undefined comes from the environment. */
export function resolveOptions(
  options: LoadOptions,
  extra: { refresh?: boolean; ignoreLockedRevisions?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOptions {
  const d = loadOptionsFromEnv(env);
  const token = options.token ?? d.token;
  if (token !== undefined && !token.startsWith('hf_')) {
    throw new UserError('the Hugging Face token (HF_TOKEN) must start with "hf_"; copy it again from huggingface.co/settings/tokens');
  }
  const trimSlash = (u: string) => u.replace(/\/+$/, '');
  return {
    dataDir: options.dataDir ?? d.dataDir,
    hubUrl: trimSlash(options.hubUrl ?? d.hubUrl!),
    token,
    offline: options.offline ?? d.offline ?? false,
    hubCacheDir: resolve(options.hubCacheDir ?? d.hubCacheDir!),
    cacheDir: resolve(options.cacheDir ?? d.cacheDir!),
    githubRawUrl: trimSlash(options.githubRawUrl ?? d.githubRawUrl!),
    lockFile: options.lockFile ?? DEFAULT_LOCK_FILE,
    log: options.log ?? (() => {}),
    refresh: extra.refresh ?? false,
    ignoreLockedRevisions: extra.ignoreLockedRevisions ?? false,
    resolved: new Map(),
    files: options.files ?? {},
  };
}
