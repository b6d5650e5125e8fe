import type { ChartConfiguration, Plugin } from 'chart.js';
import type { ChartSpec } from '../data/report-data.js';

/**
 * Turns a chart spec into a chart.js configuration. Used in Node (PNG export) and, through
 * `chartConfig.toString()`, inlined into the report page — so this function must stay
 * self-contained: no imports used at run time, no references to anything outside its body.
 */
export function chartConfig(spec: ChartSpec, target: 'page' | 'png'): ChartConfiguration {
  const fmt = (v: number): string => (spec.percent ? (v * 100).toFixed(1) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  /** The 95% interval of one bar or line point, if the spec has one. */
  const intervalAt = (datasetIndex: number, index: number): [number, number] | null => {
    const source = spec.datasets[datasetIndex];
    const ci = source?.ci?.[index];
    if (ci) return ci;
    const point = source?.points?.[index];
    return point && point.lo !== undefined && point.hi !== undefined ? [point.lo, point.hi] : null;
  };

  // 95% intervals as whiskers over bars / line points (chart.js has no error bars of its own).
  const whiskers: Plugin = {
    id: 'aloeWhiskers',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = 'rgba(30,30,30,0.75)';
      ctx.lineWidth = 1.2;
      chart.data.datasets.forEach((_ds, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden || !chart.isDatasetVisible(i)) return;
        meta.data.forEach((el, j) => {
          const interval = intervalAt(i, j);
          if (!interval) return;
          const [lo, hi] = interval;
          const props = el as unknown as { x: number; y: number; width?: number; height?: number };
          const horizontal = spec.horizontal === true;
          const scale = horizontal ? chart.scales.x : chart.scales.y;
          const a = scale.getPixelForValue(lo);
          const b = scale.getPixelForValue(hi);
          const size = Math.max(2, Math.min(6, ((horizontal ? props.height : props.width) ?? 8) * 0.3));
          ctx.beginPath();
          if (horizontal) {
            ctx.moveTo(a, props.y); ctx.lineTo(b, props.y);
            ctx.moveTo(a, props.y - size); ctx.lineTo(a, props.y + size);
            ctx.moveTo(b, props.y - size); ctx.lineTo(b, props.y + size);
          } else {
            ctx.moveTo(props.x, a); ctx.lineTo(props.x, b);
            ctx.moveTo(props.x - size, a); ctx.lineTo(props.x + size, a);
            ctx.moveTo(props.x - size, b); ctx.lineTo(props.x + size, b);
          }
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
  // PNGs are transparent by default; paint a white page under the chart.
  const background: Plugin = {
    id: 'aloeBackground',
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  const valueAxis = {
    beginAtZero: true,
    ...(spec.percent ? { suggestedMax: 1 } : {}),
    stacked: spec.stacked === true,
    title: { display: true, text: spec.percent ? `${spec.yLabel} (%)` : spec.yLabel },
    ticks: { callback: (v: number | string) => (typeof v === 'number' ? (spec.percent ? (v * 100).toFixed(0) : String(v)) : v) },
  };
  const categoryAxis = { stacked: spec.stacked === true, ticks: { autoSkip: false } };
  const tooltip = {
    callbacks: {
      title: (items: { raw: unknown; label: string }[]) => {
        const raw = items[0]?.raw as { x?: number } | undefined;
        return spec.timeAxis && raw && typeof raw.x === 'number' ? day(raw.x) : items[0]?.label ?? '';
      },
      label: (item: { datasetIndex: number; dataIndex: number; raw: unknown; dataset: { label?: string } }) => {
        const raw = item.raw as number | { y: number } | null;
        const value = typeof raw === 'number' ? raw : raw && typeof raw.y === 'number' ? raw.y : null;
        if (value === null) return `${item.dataset.label ?? ''}: —`;
        const interval = intervalAt(item.datasetIndex, item.dataIndex);
        return `${item.dataset.label ?? ''}: ${fmt(value)}${interval ? ` [${fmt(interval[0])}–${fmt(interval[1])}]` : ''}`;
      },
    },
  };
  const common = {
    animation: false as const,
    responsive: target === 'page',
    maintainAspectRatio: false,
    devicePixelRatio: target === 'png' ? 2 : undefined,
    plugins: {
      title: { display: target === 'png', text: spec.title, font: { size: 15 } },
      legend: { display: spec.datasets.length > 1, position: 'bottom' as const },
      tooltip,
    },
  };

  if (spec.type === 'line') {
    return {
      type: 'line',
      data: {
        datasets: spec.datasets.map((d) => ({
          label: d.label,
          data: (d.points ?? []).map((p) => ({ x: p.x, y: p.y })),
          borderColor: d.color,
          backgroundColor: d.color,
          pointRadius: 3,
          tension: 0,
        })),
      },
      options: {
        ...common,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'run date' }, ticks: { maxTicksLimit: 8, callback: (v: number | string) => (typeof v === 'number' ? day(v) : v) } },
          y: valueAxis,
        },
      },
      plugins: [whiskers, background],
    } as ChartConfiguration;
  }
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d) => ({ label: d.label, data: d.data ?? [], backgroundColor: d.colors ?? d.color, borderColor: d.colors ?? d.color, borderWidth: 0 })),
    },
    options: {
      ...common,
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
    plugins: [whiskers, background],
  } as ChartConfiguration;
}
