/**
 * The benchmark catalogue: every `benchmarks/*.yaml` plus `benchmarks/suites.yaml`, each read once, when first needed.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { codeFile, packageFile } from '../util/package-dir.js';
import { catalogueCacheOf, FreshEntries, type CatalogueCacheFile } from './catalogue-cache.js';
import type { BenchmarkSpec } from './spec.js';

/** The package's benchmarks/ folder. */
export const benchmarksDir = packageFile('benchmarks');

/** Written by `npm run build` into dist/ (scripts/build.mjs); see catalogue-cache.ts. Absent beside src/. */
export const catalogueCacheFile = codeFile('benchmarks.catalogue.json');

const SUITES_FILE = 'suites.yaml';

/**
 * The YAML and zod parsing (spec.ts), imported only when some file must be parsed: importing
 * yaml and zod costs more than reading every spec from the cache.
 */
let parser: typeof import('./spec.js') | undefined;

function parsing(): typeof import('./spec.js') {
  if (!parser) throw new Error('benchmark parser not loaded; open the catalogue with openCatalogue()');
  return parser;
}

/**
 * The catalogue, parsed as it is used: the folder listing at once, suites.yaml and each
 * `<id>.yaml` the first time they are asked for — from the build's cache when the file is
 * unchanged (`cacheFile`), else parsed. Parsing and validating every file took about a fifth of
 * `aloe-eval run`'s start-up CPU (the yaml parser, cold); a run of one benchmark now reads one.
 * `all()` reads and cross-checks every file (list, tests).
 */
export class Catalogue {
  private readonly files = new Map<string, string>();
  private readonly parsed = new Map<string, BenchmarkSpec>();
  private readonly cached: FreshEntries;
  private suitesRead: Record<string, string[]> | undefined;

  constructor(readonly dir: string, cacheFile?: string) {
    const names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    for (const f of names.filter((f) => f !== SUITES_FILE)) this.files.set(f.replace(/\.ya?ml$/, ''), join(dir, f));
    this.cached = new FreshEntries(dir, names, cacheFile);
  }

  /** Every file of the folder is unchanged since the cache was built: nothing needs parsing. */
  get fullyCached(): boolean {
    return this.cached.complete;
  }

  get suites(): Record<string, string[]> {
    this.suitesRead ??= checkSuites(join(this.dir, SUITES_FILE), this.cached.suites(SUITES_FILE) ?? parsing().readSuitesFile(join(this.dir, SUITES_FILE)), this.files);
    return this.suitesRead;
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
    const spec = this.cached.spec(basename(file), file) ?? parsing().readBenchmarkFile(file);
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

function checkSuites(suitesPath: string, suites: Record<string, string[]>, files: Map<string, string>): Record<string, string[]> {
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

/** A catalogue of any folder, with the parser loaded in case a file needs it. */
async function openCatalogue(dir: string, cacheFile?: string): Promise<Catalogue> {
  parser ??= await import('./spec.js');
  return new Catalogue(dir, cacheFile);
}

/** The cache `npm run build` writes for the package's folder, from every file parsed afresh. */
export async function buildCatalogueCache(): Promise<CatalogueCacheFile> {
  const fresh = await openCatalogue(benchmarksDir);
  const specs = new Map(fresh.all().map((s) => [s.id, s]));
  const suites = fresh.suites;
  return catalogueCacheOf(benchmarksDir, specs, readdirSync(benchmarksDir).includes(SUITES_FILE) ? { file: SUITES_FILE, suites } : undefined);
}

// The package's own catalogue, opened when this module loads so that the parser is imported
// only when a file of it has changed since the build (or there is no cache: running from src/).
const catalogue = new Catalogue(benchmarksDir, catalogueCacheFile);
if (!catalogue.fullyCached) parser = await import('./spec.js');

export function listBenchmarks(): BenchmarkSpec[] {
  return catalogue.all();
}

/** Suites by name (`mcqa`, `open`, `mmlu-medical`…), in file order. */
export function getSuites(): Record<string, string[]> {
  return catalogue.suites;
}

export function getBenchmark(id: string): BenchmarkSpec {
  const spec = catalogue.spec(id);
  if (!spec) {
    throw new UserError(`unknown benchmark "${id}" (known: ${catalogue.ids().join(', ')}); see "aloe-eval list"`);
  }
  return spec;
}

/**
 * Benchmark ids for `--suite S` or `--benchmarks a,b` (a suite name inside the list expands to
 * its members). Order is kept, duplicates dropped.
 */
export function resolveBenchmarks(input: { suite?: string; benchmarks?: string[] }): string[] {
  const { suites } = catalogue;
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
    if (catalogue.has(id)) add(id);
    else if (suites[id]) expandSuite(id, '--benchmarks');
    else getBenchmark(id); // throws the unknown-benchmark error listing known ids
  }
  if (out.length === 0) throw new UserError('no benchmarks selected; pass --suite NAME or --benchmarks a,b (see "aloe-eval list")');
  return out;
}

/** The first suite (in suites.yaml order) that contains the benchmark: `mcqa` for mmlu-anatomy. */
export function suiteOf(id: string): string | undefined {
  return Object.entries(catalogue.suites).find(([, ids]) => ids.includes(id))?.[0];
}
