import type { Command } from 'commander';
// The catalogue, availability and the descriptions only: the loaders and the strategies are not needed to list them.
import { availabilities, availabilityText, type Availability } from '../../datasets/availability.js';
import { loadOptionsFromFlags, type DatasetFlags } from '../../datasets/options.js';
import { getSuites, listBenchmarks } from '../../datasets/registry.js';
import type { BenchmarkSpec } from '../../datasets/spec.js';
import { strategyDescriptions } from '../../strategies/descriptions.js';
import { addDatasetOptions, logToStderr } from '../dataset-flags.js';

/** One block of `aloe-eval list`: a title, text rows, and the same data for `--json`. */
interface ListSection {
  title: string;
  rows(ctx: ListContext): string[];
  json(ctx: ListContext): unknown;
}

/** Per benchmark: is its eval split readable offline here, to download, or gated? */
interface ListContext {
  data: Map<string, Availability>;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

/** Benchmarks in suite order (mcqa, open, …), then any in no suite. */
function orderedBenchmarks(): BenchmarkSpec[] {
  const specs = listBenchmarks();
  const order = [...new Set(Object.values(getSuites()).flat())];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...specs].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

const benchmarksSection: ListSection = {
  title: 'Benchmarks',
  rows: (ctx) =>
    table([
      ['id', 'kind', 'metric', 'eval split', 'size', 'data', 'title'],
      ...orderedBenchmarks().map((s) => [s.id, s.kind, s.metric, s.evalSplit, String(s.splits[s.evalSplit].rows ?? '?'), availabilityText(ctx.data.get(s.id)!), s.credentialed ? `${s.title} [credentialed]` : s.title]),
    ]),
  json: (ctx) =>
    orderedBenchmarks().map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      metric: s.metric,
      evalSplit: s.evalSplit,
      size: s.splits[s.evalSplit].rows ?? null,
      splits: Object.keys(s.splits),
      source: s.source,
      prompt: s.prompt,
      data: ctx.data.get(s.id),
      credentialed: s.credentialed === true,
    })),
};

const suitesSection: ListSection = {
  title: 'Suites',
  rows: () => table(Object.entries(getSuites()).map(([name, ids]) => [name, ids.join(', ')])),
  json: () => getSuites(),
};

const strategiesSection: ListSection = {
  title: 'Strategies',
  rows: () => table(Object.entries(strategyDescriptions).map(([name, text]) => [name, text])),
  json: () => strategyDescriptions,
};

/** What `aloe-eval list` prints, in order. */
const listSections: ListSection[] = [benchmarksSection, suitesSection, strategiesSection];

export function registerList(program: Command): void {
  const command = program
    .command('list')
    .description('List benchmarks (id, kind, metric, eval split, size, whether the data is here offline, to download or gated), suites and strategies')
    .option('--json', 'print one JSON object instead of tables');
  addDatasetOptions(command).action((flags: DatasetFlags & { json?: boolean }) => {
    const ctx: ListContext = { data: availabilities(listBenchmarks(), loadOptionsFromFlags(flags, logToStderr)) };
    if (flags.json) {
      const out = Object.fromEntries(listSections.map((s) => [s.title.toLowerCase(), s.json(ctx)]));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    const blocks = listSections.map((s) => [`${s.title}:`, ...s.rows(ctx).map((r) => `  ${r}`)].join('\n'));
    process.stdout.write(`${blocks.join('\n\n')}\n`);
  });
}
