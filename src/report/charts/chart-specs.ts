import { colorFor } from './palette.js';
import type { ChartSpec, ReportData, RowData, SuiteInfo } from '../data/report-data.js';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/** Suites as drawn: the report's suites, or (none) the benchmarks grouped by headline metric. */
function suiteGroups(data: ReportData): SuiteInfo[] {
  if (data.suites.length > 0) return data.suites;
  const byMetric = new Map<string, string[]>();
  for (const b of data.benchmarks) byMetric.set(b.metric, [...(byMetric.get(b.metric) ?? []), b.name]);
  return [...byMetric].map(([metric, benchmarks]) => ({ name: 'all benchmarks', metric, benchmarks, size: benchmarks.length, computed: true }));
}

function suiteCharts(data: ReportData): ChartSpec[] {
  return suiteGroups(data).map((suite) => {
    const withAverage = suite.benchmarks.length > 1 && data.rows.some((r) => r.suites[suite.name]);
    const labels = [...suite.benchmarks, ...(withAverage ? ['average'] : [])];
    return {
      id: `suite-${slug(suite.name)}-${slug(suite.metric)}`,
      section: 'suites',
      title: `${suite.name}: ${suite.metric} by benchmark`,
      type: 'bar',
      labels,
      yLabel: suite.metric,
      percent: data.metrics[suite.metric]?.percent ?? false,
      datasets: data.rows.map((row) => {
        const cells = suite.benchmarks.map((b) => (row.cells[b]?.metric === suite.metric ? row.cells[b] : undefined));
        const avg = row.suites[suite.name];
        return {
          label: row.label,
          color: row.color,
          data: [...cells.map((c) => c?.value ?? null), ...(withAverage ? [avg?.value ?? null] : [])],
          ci: [...cells.map((c) => c?.ci95 ?? null), ...(withAverage ? [null] : [])],
        };
      }),
    };
  });
}

function strategyCharts(data: ReportData): ChartSpec[] {
  const byModel = new Map<string, RowData[]>();
  for (const row of data.rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  const specs: ChartSpec[] = [];
  for (const [model, rows] of byModel) {
    if (rows.length < 2) continue;
    const labels = data.benchmarks.map((b) => b.name).filter((b) => rows.some((r) => r.cells[b]));
    const metrics = [...new Set(labels.map((b) => data.benchmarks.find((x) => x.name === b)!.metric))];
    specs.push({
      id: `strategies-${slug(model)}`,
      section: 'strategies',
      title: `${model}: strategies compared`,
      type: 'bar',
      labels,
      yLabel: metrics.join(' / '),
      percent: metrics.every((m) => data.metrics[m]?.percent),
      datasets: rows.map((row) => ({
        label: row.strategy,
        color: row.color,
        data: labels.map((b) => row.cells[b]?.value ?? null),
        ci: labels.map((b) => row.cells[b]?.ci95 ?? null),
      })),
    });
  }
  return specs;
}

function costCharts(data: ReportData): ChartSpec[] {
  const labels = data.rows.map((r) => r.label);
  const per = (row: RowData, v: number) => (row.usage.questions > 0 ? v / row.usage.questions : null);
  return [
    {
      id: 'cost-calls',
      section: 'cost',
      title: 'Model calls per question',
      type: 'bar',
      horizontal: true,
      labels,
      yLabel: 'calls per question',
      datasets: [{ label: 'calls per question', color: '#4e79a7', colors: data.rows.map((r) => r.color), data: data.rows.map((r) => per(r, r.usage.calls)) }],
    },
    {
      id: 'cost-tokens',
      section: 'cost',
      title: 'Tokens per question',
      type: 'bar',
      horizontal: true,
      stacked: true,
      labels,
      yLabel: 'tokens per question',
      datasets: [
        { label: 'prompt tokens', color: '#76b7b2', data: data.rows.map((r) => per(r, r.usage.promptTokens)) },
        { label: 'completion tokens', color: '#f28e2b', data: data.rows.map((r) => per(r, r.usage.completionTokens)) },
      ],
    },
  ];
}

/** One line chart per benchmark where some (model, strategy) has two or more dated points. */
function historyCharts(data: ReportData): ChartSpec[] {
  const colors = new Map(data.rows.map((r) => [`${r.model}\u0000${r.strategy}`, r.color]));
  const benchmarks = [...new Set(data.history.map((p) => p.benchmark))];
  const specs: ChartSpec[] = [];
  for (const benchmark of benchmarks) {
    const series = new Map<string, ChartSpec['datasets'][number]>();
    const metrics = new Set<string>();
    for (const p of data.history) {
      // A point without a readable date cannot be placed on the time axis (it would leave an empty box).
      if (p.benchmark !== benchmark || !Number.isFinite(Date.parse(p.date))) continue;
      const key = `${p.model}\u0000${p.strategy}`;
      if (!colors.has(key)) colors.set(key, colorFor(colors.size));
      const s = series.get(key) ?? { label: `${p.model} · ${p.strategy}`, color: colors.get(key)!, points: [] };
      s.points!.push({ x: Date.parse(p.date), y: p.value, ...(p.ci95 ? { lo: p.ci95[0], hi: p.ci95[1] } : {}) });
      series.set(key, s);
      metrics.add(p.metric);
    }
    if (![...series.values()].some((s) => s.points!.length > 1)) continue;
    const metricList = [...metrics];
    specs.push({
      id: `history-${slug(benchmark)}`,
      section: 'history',
      key: benchmark,
      title: `${benchmark}: score over time`,
      type: 'line',
      timeAxis: true,
      labels: [],
      yLabel: metricList.join(' / '),
      percent: metricList.every((m) => data.metrics[m]?.percent),
      datasets: [...series.values()].map((s) => ({ ...s, points: s.points!.sort((a, b) => a.x - b.x) })),
    });
  }
  return specs;
}

/** Every chart of the report, as data (drawn in the page and, with --png, in Node). */
export function buildChartSpecs(data: ReportData): ChartSpec[] {
  const specs = [...suiteCharts(data), ...strategyCharts(data), ...costCharts(data), ...historyCharts(data)];
  // Ids name PNG files: two names that slug alike ("MedQA", "medqa") get -2, -3…
  const used = new Set<string>();
  for (const spec of specs) {
    let id = spec.id;
    for (let k = 2; used.has(id); k++) id = `${spec.id}-${k}`;
    spec.id = id;
    used.add(id);
  }
  return specs;
}
