/**
 * The report page's script is assembled from the `install*` functions in this folder, each inlined with
 * `Function.prototype.toString` (see page-script.ts). They share nothing but this object: every function
 * must be self-contained (only its parameter and browser globals), and type-only imports are all it may import.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ChartSpec, ReportData, SampleData } from '../data/report-data.js';

/** The page's global chart.js (the inlined UMD build), reduced to what the page uses. */
export interface ChartInstance {
  destroy(): void;
}
export type ChartConstructor = new (canvas: HTMLCanvasElement, config: ChartConfiguration) => ChartInstance;

/** A filter of the sample explorer; undefined fields match everything. */
export interface SampleFilter {
  row?: number;
  bench?: number;
  status?: number;
}

export interface PageApp {
  data: ReportData;
  /** Parsed on first use: the sample JSON is the bulk of a big report. */
  samples(): SampleData;
  chartConfig(spec: ChartSpec, target: 'page' | 'png'): ChartConfiguration;

  // dom.ts
  el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string> | null, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K];
  byId<T extends HTMLElement = HTMLElement>(id: string): T;
  /** A value of a metric as shown: ×100 for fraction metrics. */
  fmt(metric: string, value: number): string;
  fmtCi(metric: string, ci: [number, number] | undefined): string;
  fmtInt(value: number): string;
  fmtDate(iso: string): string;
  statusNames: readonly string[];
  /** Draws a chart into `host` (a fresh canvas), replacing any chart drawn there before. */
  drawChart(host: HTMLElement, spec: ChartSpec): void;

  // sections
  renderLeaderboard(): void;
  renderCharts(): void;
  renderDrilldown(): void;
  showDrilldown(benchmark: string): void;
  renderSamples(): void;
  openSamples(filter: SampleFilter): void;
  renderSampleDetail(index: number, host: HTMLElement): void;
  renderProvenance(): void;
  renderSafety(): void;
}
