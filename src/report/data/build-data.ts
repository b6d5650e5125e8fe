import { suitesWithLeaderboard } from './leaderboard-columns.js';
import type { RunFile } from '../../types/results.js';
import { dateOf, type RunGroup } from './load-runs.js';
import { colorFor } from '../charts/palette.js';
import type { BenchmarkInfo, Cell, HistoryPoint, MetricInfo, ReportData, RowData, RunProvenance, SuiteInfo } from './report-data.js';

/** Metric names that read as "lower is better"; everything else (accuracy, ROUGE, F1…) is higher-better. */
const LOWER_IS_BETTER = /(loss|perplexity|\bppl\b|error|\bwer\b|\bcer\b|\bece\b|brier|calibration)/i;

export interface BuildInput {
  groups: RunGroup[];
  history: HistoryPoint[];
  title: string;
  version: string;
  notes: string[];
}

function cellOf(run: RunFile, benchmark: string): Cell {
  const r = run.results[benchmark];
  return {
    metric: r.metric,
    value: r.value,
    ci95: r.ci95,
    n: r.n,
    unparsed: r.unparsed ?? 0,
    errors: r.errors ?? 0,
    ...(r.metrics ? { metrics: r.metrics } : {}),
    ...(r.groups ? { groups: r.groups } : {}),
    usage: r.usage ?? { calls: 0, promptTokens: 0, completionTokens: 0 },
    ...(r.errorKinds ? { errorKinds: r.errorKinds } : {}),
    ...(r.direction ? { direction: r.direction } : {}),
    ...(r.safety ? { safety: r.safety } : {}),
  };
}

function benchmarksOf(groups: RunGroup[]): BenchmarkInfo[] {
  const order: string[] = [];
  const metricCounts = new Map<string, Map<string, number>>();
  const groupFields = new Map<string, Set<string>>();
  const otherMetrics = new Map<string, Set<string>>();
  for (const { newest } of groups) {
    const results = newest.run.results ?? {};
    const names = [...(newest.run.spec?.benchmarks ?? []), ...Object.keys(results)];
    for (const name of names) {
      const r = results[name];
      if (!r) continue;
      if (!metricCounts.has(name)) {
        order.push(name);
        metricCounts.set(name, new Map());
        groupFields.set(name, new Set());
        otherMetrics.set(name, new Set());
      }
      const counts = metricCounts.get(name)!;
      counts.set(r.metric, (counts.get(r.metric) ?? 0) + 1);
      for (const field of Object.keys(r.groups ?? {})) groupFields.get(name)!.add(field);
      for (const m of Object.keys(r.metrics ?? {})) otherMetrics.get(name)!.add(m);
    }
  }
  return order.map((name) => ({
    name,
    metric: [...metricCounts.get(name)!].sort((a, b) => b[1] - a[1])[0][0],
    groupFields: [...groupFields.get(name)!],
    otherMetrics: [...otherMetrics.get(name)!],
  }));
}

/** Suites from run.json; when no run has any, one macro-average per headline metric over every benchmark. */
function suitesOf(groups: RunGroup[], benchmarks: BenchmarkInfo[]): SuiteInfo[] {
  const suites = new Map<string, SuiteInfo>();
  for (const { newest } of groups) {
    for (const [name, s] of Object.entries(suitesWithLeaderboard(newest.run))) {
      const suite = suites.get(name) ?? { name, metric: s.metric, benchmarks: [], size: 0, computed: false };
      for (const b of s.benchmarks) if (!suite.benchmarks.includes(b)) suite.benchmarks.push(b);
      suite.size = Math.max(suite.size, s.size ?? 0, suite.benchmarks.length);
      suites.set(name, suite);
    }
  }
  if (suites.size > 0 || benchmarks.length < 2) return [...suites.values()];
  const byMetric = new Map<string, string[]>();
  for (const b of benchmarks) byMetric.set(b.metric, [...(byMetric.get(b.metric) ?? []), b.name]);
  return [...byMetric].map(([metric, names]) => ({
    name: byMetric.size === 1 ? 'average' : `average (${metric})`,
    metric,
    benchmarks: names,
    size: names.length,
    computed: true,
  }));
}

function rowOf(group: RunGroup, index: number, suites: SuiteInfo[]): RowData {
  const run = group.newest.run;
  const cells: Record<string, Cell> = {};
  for (const name of Object.keys(run.results ?? {})) cells[name] = cellOf(run, name);
  const rowSuites: RowData['suites'] = {};
  for (const suite of suites) {
    const own = suitesWithLeaderboard(run)[suite.name];
    if (own && !suite.computed) {
      rowSuites[suite.name] = { value: own.value, benchmarks: own.benchmarks.length, complete: own.benchmarks.length >= suite.size };
      continue;
    }
    // No suite in this run.json: macro-average the suite's benchmarks the row has, with the suite's metric.
    const values = suite.benchmarks.map((b) => cells[b]).filter((c) => c && c.metric === suite.metric).map((c) => c.value);
    rowSuites[suite.name] = values.length > 0
      ? { value: values.reduce((a, v) => a + v, 0) / values.length, benchmarks: values.length, complete: values.length >= suite.size }
      : null;
  }
  const usage = { calls: 0, promptTokens: 0, completionTokens: 0, questions: 0 };
  for (const c of Object.values(cells)) {
    usage.calls += c.usage.calls;
    usage.promptTokens += c.usage.promptTokens;
    usage.completionTokens += c.usage.completionTokens;
    usage.questions += c.n;
  }
  return {
    model: group.model,
    strategy: group.strategy,
    label: `${group.model} · ${group.strategy}`,
    color: colorFor(index),
    runId: run.runId,
    date: dateOf(run),
    status: run.status,
    ...(run.spec?.limit ? { limit: run.spec.limit } : {}),
    runCount: group.runs.length,
    cells,
    suites: rowSuites,
    usage,
  };
}

/** One point per benchmark per given run, then the history file's points for runs not given. */
function historyOf(groups: RunGroup[], fromFile: HistoryPoint[], benchmarks: BenchmarkInfo[]): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    for (const { run } of group.runs) {
      for (const [benchmark, r] of Object.entries(run.results ?? {})) {
        seen.add(`${run.runId}\u0000${benchmark}`);
        const revision = run.provenance?.datasets?.[benchmark]?.revision;
        points.push({ model: group.model, strategy: group.strategy, benchmark, metric: r.metric, value: r.value, ci95: r.ci95, n: r.n, date: dateOf(run), runId: run.runId, ...(revision ? { revision } : {}) });
      }
    }
  }
  const headline = new Map(benchmarks.map((b) => [b.name, b.metric]));
  for (const p of fromFile) {
    const key = p.runId ? `${p.runId}\u0000${p.benchmark}` : `${p.model}\u0000${p.strategy}\u0000${p.benchmark}\u0000${p.date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    points.push({ ...p, metric: p.metric || headline.get(p.benchmark) || 'value' });
  }
  return points.sort((a, b) => a.date.localeCompare(b.date));
}

function metricsOf(rows: RowData[], suites: SuiteInfo[], history: HistoryPoint[]): Record<string, MetricInfo> {
  const inUnit = new Map<string, boolean>();
  const see = (name: string, ...values: number[]) => {
    const ok = values.every((v) => v >= 0 && v <= 1);
    inUnit.set(name, (inUnit.get(name) ?? true) && ok);
  };
  // Direction recorded in the results (safety rates) beats the guess from the name.
  const lower = new Set<string>();
  const higher = new Set<string>();
  for (const row of rows) {
    for (const c of Object.values(row.cells)) {
      see(c.metric, c.value, ...c.ci95);
      if (c.direction === 'lower') lower.add(c.metric);
      for (const [m, v] of Object.entries(c.metrics ?? {})) see(m, v.value, ...v.ci95);
      for (const [m, v] of Object.entries(c.safety?.metrics ?? {})) {
        see(m, v.value, ...v.ci95);
        (v.direction === 'lower' ? lower : higher).add(m);
      }
    }
  }
  for (const s of suites) {
    see(s.metric);
    for (const row of rows) {
      const v = row.suites[s.name];
      if (v) see(s.metric, v.value);
    }
  }
  for (const p of history) see(p.metric, p.value);
  const better = (name: string) => (lower.has(name) ? false : higher.has(name) ? true : !LOWER_IS_BETTER.test(name));
  return Object.fromEntries([...inUnit].map(([name, unit]) => [name, { name, percent: unit, higherIsBetter: better(name) }]));
}

function provenanceOf(groups: RunGroup[]): RunProvenance[] {
  return groups.flatMap((group) =>
    group.runs.map(({ run }) => ({
      runId: run.runId,
      model: group.model,
      requestedModel: run.spec?.model ?? '',
      strategy: group.strategy,
      strategyOptions: JSON.stringify(run.spec?.strategy?.options ?? {}),
      status: run.status,
      newest: run === group.newest.run,
      aloeEvalVersion: run.provenance?.aloeEvalVersion ?? '',
      startedAt: run.provenance?.startedAt ?? '',
      ...(run.provenance?.finishedAt ? { finishedAt: run.provenance.finishedAt } : {}),
      node: run.provenance?.node ?? '',
      endpointHosts: run.provenance?.endpointHosts ?? [],
      datasets: Object.entries(run.provenance?.datasets ?? {}).map(([benchmark, d]) => ({ benchmark, source: d.source, repo: d.repo, revision: d.revision })),
      prompts: Object.entries(run.provenance?.prompts ?? {}).map(([name, sha]) => ({ name, sha256: sha })),
      settings: [
        `temperature ${run.spec?.temperature}`,
        `max tokens ${run.spec?.maxTokens}`,
        `seed ${run.spec?.seed}`,
        `api ${run.spec?.api}`,
        ...(run.spec?.limit ? [`limit ${run.spec.limit}`] : []),
        ...(run.spec?.shard ? [`shard ${run.spec.shard.index + 1}/${run.spec.shard.count}`] : []),
      ].join(' · '),
    })),
  );
}

/** Everything the page shows except charts and samples, from run.json files and history points. */
export function buildReportData(input: BuildInput): ReportData {
  const benchmarks = benchmarksOf(input.groups);
  const suites = suitesOf(input.groups, benchmarks);
  const rows = input.groups.map((g, i) => rowOf(g, i, suites));
  const history = historyOf(input.groups, input.history, benchmarks);
  const notes = [...input.notes];
  for (const row of rows) {
    if (row.status !== 'complete') notes.push(`${row.label}: newest run ${row.runId} is ${row.status}; its scores cover only the samples it finished.`);
    if (row.limit) notes.push(`${row.label}: run ${row.runId} was limited to ${row.limit} samples per benchmark.`);
  }
  return {
    title: input.title,
    generatedAt: new Date().toISOString(),
    aloeEvalVersion: input.version,
    metrics: metricsOf(rows, suites, history),
    benchmarks,
    suites,
    rows,
    history,
    runs: provenanceOf(input.groups),
    charts: [],
    notes,
  };
}
