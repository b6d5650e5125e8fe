/**
 * The benchmark file format (`benchmarks/<id>.yaml`), validated with zod when loaded.
 * Errors name the file, the key and the fix. Documented in docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import type { TaskKind } from '../types/sample.js';
import { UserError } from '../util/errors.js';
import { adapters, isAdapterName, type AdapterName } from './adapters/index.js';

const SHA1 = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const REPO = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export const FileEntry = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1),
    /** Required trust anchor for URL sources where known; checked on every read. */
    sha256: z.string().regex(SHA256, 'must be 64 lowercase hex characters').optional(),
    /** Prefix for this file's sample ids (`test1-17`), so ids stay unique across files of one split. */
    idPrefix: z.string().regex(/^[\w.-]+$/).optional(),
    /** Metadata added to every sample of this file, e.g. {testset: test1}. */
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
]);

const SplitSpec = z.strictObject({
  files: z.array(FileEntry).min(1),
  /** Official row count, when known: a different count is logged as a warning. */
  rows: z.number().int().nonnegative().optional(),
});

const SourceSpec = z
  .strictObject({
    /** Hugging Face dataset repo id, `org/name`. */
    hub: z.string().regex(REPO, 'must be a repo id like "org/name"').optional(),
    /** Branch, tag or commit sha. A sha only where one is known from a trustworthy source. */
    revision: z.string().min(1).optional(),
    /** The Hub config these files belong to (informational; files are listed explicitly). */
    config: z.string().optional(),
    /** GitHub repository, `owner/repo`, read from raw.githubusercontent.com at `commit`. */
    github: z.string().regex(REPO, 'must be "owner/repo"').optional(),
    commit: z.string().regex(SHA1, 'must be a full 40-character commit sha').optional(),
    /** `package: true`: the files ship with aloe-eval, paths relative to its benchmarks/ folder. */
    package: z.literal(true).optional(),
  })
  .superRefine((s, ctx) => {
    if ([s.hub, s.github, s.package].filter((v) => v !== undefined).length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of "hub: org/name", "github: owner/repo" or "package: true"' });
    }
    if (s.github !== undefined && s.commit === undefined) {
      ctx.addIssue({ code: 'custom', path: ['commit'], message: 'a GitHub source needs "commit: <40-hex sha>"' });
    }
    if (s.hub !== undefined && s.commit !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['commit'], message: 'a Hub source takes "revision", not "commit"' });
    }
    if (s.github !== undefined && s.revision !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['revision'], message: 'a GitHub source takes "commit", not "revision"' });
    }
  });

export type HubSource = { type: 'hub'; repo: string; revision: string; config?: string };
export type GithubSource = { type: 'github'; repo: string; commit: string };
/** Files shipped in the package (benchmarks/data/…): read in place, never downloaded. */
export type PackageSource = { type: 'package'; repo: 'aloe-eval' };
export type Source = HubSource | GithubSource | PackageSource;

const SpecFile = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  title: z.string().min(1),
  description: z.string().optional(),
  homepage: z.string().optional(),
  license: z.string().optional(),
  /**
   * Data under a credentialed-access licence (PhysioNet's MIMIC): never sent to an endpoint off
   * loopback or private addresses, its files kept 0600, its text left out of reports (see runner/credentialed.ts) and out of
   * error messages about its records; the Hub repo is gated and many users hold only local files.
   */
  credentialed: z.boolean().optional(),
  /** The Hub repo asks for its terms to be accepted before download (GPQA): `list` says `gated` until the files are here. */
  gated: z.boolean().optional(),
  kind: z.enum(['mcqa', 'open', 'gen', 'safety']),
  /**
   * `rouge-relations`: ROUGE-1 headline plus relation-triple precision/recall/F1 (BioRED);
   * `answer-exact-match`: the answer after "the answer is" matched exactly (BBH chain of thought);
   * `ifeval`: IFEval's instruction verifiers; `exact_match`: MATH's minerva answer, normalised;
   * safety benchmarks: their headline rate, `harmful_compliance` or `over_refusal`.
   */
  metric: z.enum(['accuracy', 'rouge', 'rouge-relations', 'answer-exact-match', 'ifeval', 'exact_match', 'harmful_compliance', 'over_refusal']),
  /** The judge rubric (prompts/judge/<name>.txt) used when the run has a judge (--judge-endpoint). */
  judge: z.enum(['harmfulness', 'refusal', 'correctness']).optional(),
  /** Default prompt template name (a file under prompts/, without .txt). */
  prompt: z.string().min(1),
  /** A family this benchmark belongs to (e.g. mmlu-medical). */
  group: z.string().optional(),
  /** Metadata fields reports break scores down by. */
  groups: z.array(z.string()).default([]),
  /** Open tasks: generation limit and stop sequences. */
  maxTokens: z.number().int().positive().optional(),
  stop: z.array(z.string().min(1)).optional(),
  source: SourceSpec,
  splits: z.record(z.string().regex(/^[\w.-]+$/), SplitSpec),
  evalSplit: z.string(),
  /** Labelled splits a Medprompt pool or few-shot examples draw from; `benchmark` borrows another's. */
  pool: z.strictObject({ benchmark: z.string().optional(), splits: z.array(z.string()).min(1) }).optional(),
  adapter: z.string().optional(),
  fields: z.unknown(),
});

type SpecBase = Omit<z.output<typeof SpecFile>, 'source' | 'adapter' | 'fields' | 'splits'> & {
  splits: Record<string, SplitSpec>;
};
export type SplitSpec = { files: NormalisedFile[]; rows?: number };
export interface NormalisedFile {
  path: string;
  sha256?: string;
  idPrefix?: string;
  metadata?: Record<string, string | number | boolean>;
}

type AdapterFields = { [N in AdapterName]: { adapter: N; fields: z.output<(typeof adapters)[N]['fields']> } }[AdapterName];

/** A validated benchmark. `file` is the YAML it came from (for error messages). */
export type BenchmarkSpec = SpecBase & AdapterFields & { source: Source; file: string };

/** `a.b.0.c` for a zod issue path. */
function keyPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

function specError(file: string, key: string, message: string): UserError {
  return new UserError(`${file}: key "${key}": ${message} (benchmark file format: docs/benchmarks.md, "Adding a benchmark")`);
}

function firstIssue(file: string, error: z.ZodError, prefix: readonly PropertyKey[] = []): UserError {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    return specError(file, keyPath([...prefix, ...issue.path, issue.keys[0]]), 'unknown key; fix its spelling or remove it');
  }
  return specError(file, keyPath([...prefix, ...issue.path]), issue.message);
}

/** Validates a parsed YAML document as a benchmark spec. */
export function parseBenchmarkSpec(doc: unknown, file: string): BenchmarkSpec {
  const parsed = SpecFile.safeParse(doc);
  if (!parsed.success) throw firstIssue(file, parsed.error);
  const raw = parsed.data;
  const name = basename(file).replace(/\.ya?ml$/, '');
  if (raw.id !== name) throw specError(file, 'id', `is "${raw.id}" but the file is named ${basename(file)}; rename one so they match`);

  const adapterName = raw.adapter ?? raw.kind;
  if (!isAdapterName(adapterName)) {
    throw specError(file, 'adapter', `unknown adapter "${adapterName}" (known: ${Object.keys(adapters).join(', ')})`);
  }
  const adapter = adapters[adapterName];
  if (adapter.kind !== (raw.kind as TaskKind)) {
    throw specError(file, 'adapter', `adapter "${adapterName}" makes ${adapter.kind} samples but kind is ${raw.kind}`);
  }
  const fields = adapter.fields.safeParse(raw.fields ?? {});
  if (!fields.success) throw firstIssue(file, fields.error, ['fields']);

  const metrics = { mcqa: ['accuracy'], open: ['rouge', 'rouge-relations', 'answer-exact-match'], gen: ['ifeval', 'exact_match'], safety: ['harmful_compliance', 'over_refusal'] }[raw.kind];
  if (!metrics.includes(raw.metric)) throw specError(file, 'metric', `a ${raw.kind} benchmark is scored by ${metrics.join(' or ')}`);
  if (!(raw.evalSplit in raw.splits)) {
    throw specError(file, 'evalSplit', `"${raw.evalSplit}" is not one of the splits (${Object.keys(raw.splits).join(', ')})`);
  }
  if (raw.pool && raw.pool.benchmark === undefined) {
    for (const s of raw.pool.splits) {
      if (!(s in raw.splits)) throw specError(file, 'pool.splits', `"${s}" is not one of the splits (${Object.keys(raw.splits).join(', ')})`);
    }
  }
  const src = raw.source;
  const source: Source = src.hub
    ? { type: 'hub', repo: src.hub, revision: src.revision ?? 'main', ...(src.config !== undefined && { config: src.config }) }
    : src.github
      ? { type: 'github', repo: src.github, commit: src.commit! }
      : { type: 'package', repo: 'aloe-eval' };

  const splits: Record<string, SplitSpec> = {};
  for (const [name, split] of Object.entries(raw.splits)) {
    splits[name] = { ...split, files: split.files.map((f) => (typeof f === 'string' ? { path: f } : f)) };
  }
  const { adapter: _a, fields: _f, source: _s, splits: _sp, ...rest } = raw;
  return { ...rest, splits, source, file, adapter: adapterName, fields: fields.data } as BenchmarkSpec;
}

const SuitesFile = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.array(z.string()).min(1));

/** Reads and validates `benchmarks/suites.yaml` (suite name → benchmark ids); {} when there is none. */
export function readSuitesFile(suitesPath: string): Record<string, string[]> {
  try {
    const parsed = SuitesFile.safeParse(parseYaml(readFileSync(suitesPath, 'utf8')) ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${suitesPath}: key "${issue.path.join('.')}": ${issue.message}; each suite is a name and a list of benchmark ids`);
    }
    return parsed.data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return {};
  }
}

/** Reads and validates one benchmark file. */
export function readBenchmarkFile(file: string): BenchmarkSpec {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]}); fix the syntax`);
  }
  return parseBenchmarkSpec(doc, file);
}
