/**
 * The benchmark catalogue: every `benchmarks/*.yaml` plus `benchmarks/suites.yaml`, each read once, when first needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { readBenchmarkFile, type BenchmarkSpec } from './spec.js';

/** The package's benchmarks/ folder (one level above src/ and dist/). */
export const benchmarksDir = fileURLToPath(new URL('../../benchmarks/', import.meta.url));

const SUITES_FILE = 'suites.yaml';

const SuitesFile = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.array(z.string()).min(1));

/**
 * The catalogue, parsed as it is used: the folder listing and suites.yaml at once, each
 * `<id>.yaml` the first time that benchmark is asked for. Parsing and validating every file took
 * about a fifth of `aloe-eval run`'s start-up CPU (the yaml parser, cold); a run of one benchmark
 * now reads one. `all()` reads and cross-checks every file (list, tests).
 */
export class Catalogue {
  private readonly files = new Map<string, string>();
  private readonly parsed = new Map<string, BenchmarkSpec>();
  readonly suites: Record<string, string[]>;

  constructor(readonly dir: string) {
    for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== SUITES_FILE).sort()) {
      this.files.set(f.replace(/\.ya?ml$/, ''), join(dir, f));
    }
    this.suites = readSuites(join(dir, SUITES_FILE), this.files);
  }

  has(id: string): boolean {
    return this.files.has(id);
  }

  ids(): string[] {
    return [...this.files.keys()];
  }

  /** The spec of a known id (undefined for an unknown one), parsed and its pool reference checked on first use. */
  spec(id: string): BenchmarkSpec | undefined {
    const known = this.parsed.get(id);
    if (known) return known;
    const file = this.files.get(id);
    if (!file) return undefined;
    const spec = readBenchmarkFile(file);
    this.parsed.set(id, spec);
    const ref = spec.pool?.benchmark;
    if (ref !== undefined) {
      const other = ref === id ? spec : this.spec(ref);
      if (!other) throw new UserError(`${spec.file}: key "pool.benchmark": unknown benchmark "${ref}"`);
      for (const s of spec.pool!.splits) {
        if (!(s in other.splits)) throw new UserError(`${spec.file}: key "pool.splits": "${s}" is not a split of ${ref} (${Object.keys(other.splits).join(', ')})`);
      }
    }
    return spec;
  }

  all(): BenchmarkSpec[] {
    return this.ids().map((id) => this.spec(id)!);
  }
}

function readSuites(suitesPath: string, files: Map<string, string>): Record<string, string[]> {
  let suites: Record<string, string[]> = {};
  try {
    const parsed = SuitesFile.safeParse(parseYaml(readFileSync(suitesPath, 'utf8')) ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${suitesPath}: key "${issue.path.join('.')}": ${issue.message}; each suite is a name and a list of benchmark ids`);
    }
    suites = parsed.data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const [suite, ids] of Object.entries(suites)) {
    for (const id of ids) {
      if (!files.has(id)) throw new UserError(`${suitesPath}: suite "${suite}" lists unknown benchmark "${id}"; add benchmarks/${id}.yaml or remove it`);
    }
    if (files.has(suite)) throw new UserError(`${suitesPath}: suite "${suite}" has the same name as a benchmark; rename one`);
  }
  return suites;
}

/** Reads a benchmarks folder: every `<id>.yaml` and `suites.yaml`, cross-checked. Exported for tests. */
export function readCatalogue(dir: string): { specs: Map<string, BenchmarkSpec>; suites: Record<string, string[]> } {
  const catalogue = new Catalogue(dir);
  return { specs: new Map(catalogue.all().map((s) => [s.id, s])), suites: catalogue.suites };
}

let catalogue: Catalogue | undefined;

function load(): Catalogue {
  catalogue ??= new Catalogue(benchmarksDir);
  return catalogue;
}

export function listBenchmarks(): BenchmarkSpec[] {
  return load().all();
}

/** Suites by name (`mcqa`, `open`, `mmlu-medical`…), in file order. */
export function getSuites(): Record<string, string[]> {
  return load().suites;
}

export function getBenchmark(id: string): BenchmarkSpec {
  const spec = load().spec(id);
  if (!spec) {
    throw new UserError(`unknown benchmark "${id}" (known: ${load().ids().join(', ')}); see "aloe-eval list"`);
  }
  return spec;
}

/**
 * Benchmark ids for `--suite S` or `--benchmarks a,b` (a suite name inside the list expands to
 * its members). Order is kept, duplicates dropped.
 */
export function resolveBenchmarks(input: { suite?: string; benchmarks?: string[] }): string[] {
  const { suites } = load();
  const out: string[] = [];
  const add = (id: string) => {
    if (!out.includes(id)) out.push(id);
  };
  const expandSuite = (name: string, flag: string) => {
    const members = suites[name];
    if (!members) throw new UserError(`unknown suite "${name}" (known: ${Object.keys(suites).join(', ')}); fix ${flag}`);
    members.forEach(add);
  };
  if (input.suite !== undefined) expandSuite(input.suite, '--suite');
  for (const raw of input.benchmarks ?? []) {
    const id = raw.trim();
    if (id === '') continue;
    if (load().has(id)) add(id);
    else if (suites[id]) expandSuite(id, '--benchmarks');
    else getBenchmark(id); // throws the unknown-benchmark error listing known ids
  }
  if (out.length === 0) throw new UserError('no benchmarks selected; pass --suite NAME or --benchmarks a,b (see "aloe-eval list")');
  return out;
}

/** The first suite (in suites.yaml order) that contains the benchmark: `mcqa` for mmlu-anatomy. */
export function suiteOf(id: string): string | undefined {
  return Object.entries(load().suites).find(([, ids]) => ids.includes(id))?.[0];
}
