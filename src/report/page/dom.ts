import type { ChartSpec } from '../data/report-data.js';
import type { ChartConstructor, ChartInstance, PageApp } from './page-app.js';

/**
 * DOM and formatting helpers. Every text from the data goes in as a text node: `el` never parses
 * HTML, and refuses event-handler and URL attributes so no data can end up in one.
 */
export function installDom(app: PageApp): void {
  const forbidden = /^(on|href$|src$|srcset$|action$|formaction$|srcdoc$|style$|xlink:href$)/i;

  app.el = function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const name of Object.keys(attrs)) {
        if (forbidden.test(name)) throw new Error(`refusing attribute ${name}`);
        node.setAttribute(name, attrs[name]);
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  };

  app.byId = function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    const node = document.getElementById(id);
    if (!node) throw new Error(`missing #${id}`);
    return node as T;
  };

  app.fmt = function fmt(metric, value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
    if (app.data.metrics[metric]?.percent) return (value * 100).toFixed(1);
    return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
  };

  app.fmtCi = function fmtCi(metric, ci) {
    if (!ci) return '';
    return `${app.fmt(metric, ci[0])}–${app.fmt(metric, ci[1])}`;
  };

  app.fmtInt = function fmtInt(value) {
    return Math.round(value).toLocaleString('en-US');
  };

  app.fmtDate = function fmtDate(iso) {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) return iso || '—';
    return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  };

  app.statusNames = ['correct', 'wrong', 'unparsed', 'error', 'scored'];

  const charts = new WeakMap<HTMLElement, ChartInstance>();
  app.drawChart = function drawChart(host: HTMLElement, spec: ChartSpec) {
    charts.get(host)?.destroy();
    host.textContent = '';
    const canvas = app.el('canvas', { role: 'img', 'aria-label': spec.title, 'data-chart': spec.id });
    host.append(canvas);
    const Chart = (window as unknown as { Chart: ChartConstructor }).Chart;
    charts.set(host, new Chart(canvas, app.chartConfig(spec, 'page')));
  };
}
