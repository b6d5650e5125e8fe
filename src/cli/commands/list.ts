import type { Command } from 'commander';
// The catalogue and the descriptions only: the loaders and the strategies are not needed to list them.
import { getSuites, listBenchmarks } from '../../datasets/registry.js';
import type { BenchmarkSpec } from '../../datasets/spec.js';
import { strategyDescriptions } from '../../strategies/descriptions.js';

/** One block of `aloe-eval list`: a title, text rows, and the same data for `--json`. */
interface ListSection {
  title: string;
  rows(): string[];
  json(): unknown;
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
  rows: () =>
    table([
      ['id', 'kind', 'metric', 'eval split', 'size', 'title'],
      ...orderedBenchmarks().map((s) => [s.id, s.kind, s.metric, s.evalSplit, String(s.splits[s.evalSplit].rows ?? '?'), s.title]),
    ]),
  json: () =>
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
  program
    .command('list')
    .description('List benchmarks (id, kind, metric, eval split, size), suites and strategies')
    .option('--json', 'print one JSON object instead of tables')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        const out = Object.fromEntries(listSections.map((s) => [s.title.toLowerCase(), s.json()]));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const blocks = listSections.map((s) => [`${s.title}:`, ...s.rows().map((r) => `  ${r}`)].join('\n'));
      process.stdout.write(`${blocks.join('\n\n')}\n`);
    });
}
