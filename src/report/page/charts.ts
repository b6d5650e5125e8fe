import type { ChartSpec } from '../data/report-data.js';
import type { PageApp } from './page-app.js';

/** Chart sections: suites, strategies per model, cost per question, score history (one benchmark at a time). */
export function installCharts(app: PageApp): void {
  const empty: Record<string, string> = {
    suites: 'No scores to chart.',
    strategies: 'Each model here was run with one strategy only; run another (e.g. --strategy medprompt) to compare.',
    cost: 'No usage recorded.',
    history: 'History appears when one model and strategy has two or more runs: pass several result dirs, or --history FILE.',
  };

  function heightFor(spec: ChartSpec): number {
    if (spec.horizontal) return 70 + spec.labels.length * (spec.stacked ? 26 : 24);
    return spec.section === 'suites' ? 360 : 320;
  }

  function figure(spec: ChartSpec): { fig: HTMLElement; box: HTMLElement } {
    const box = app.el('div', { class: 'chart-box' });
    box.style.height = `${heightFor(spec)}px`;
    const fig = app.el('figure', { class: 'chart', 'data-spec': spec.id }, app.el('figcaption', null, spec.title), box);
    return { fig, box };
  }

  app.renderCharts = function renderCharts() {
    const { charts } = app.data;
    const queue: [HTMLElement, ChartSpec][] = [];
    for (const section of ['suites', 'strategies', 'cost']) {
      const host = app.byId(`${section}-charts`);
      host.textContent = '';
      const specs = charts.filter((s) => s.section === section);
      if (specs.length === 0) host.append(app.el('p', { class: 'empty' }, empty[section]));
      for (const spec of specs) {
        const { fig, box } = figure(spec);
        if (spec.section === 'suites' && spec.labels.length * spec.datasets.length > 24) fig.classList.add('wide');
        host.append(fig);
        queue.push([box, spec]);
      }
    }
    const history = charts.filter((s) => s.section === 'history');
    const historyHost = app.byId('history-charts');
    const select = app.byId<HTMLSelectElement>('history-select');
    historyHost.textContent = '';
    select.textContent = '';
    if (history.length === 0) {
      select.hidden = true;
      historyHost.append(app.el('p', { class: 'empty', id: 'history-empty' }, app.data.historyEmpty ?? empty.history));
    } else {
      history.forEach((spec, i) => select.append(app.el('option', { value: String(i) }, spec.key ?? spec.title)));
      const { fig, box } = figure(history[0]);
      fig.classList.add('wide');
      historyHost.append(fig);
      select.addEventListener('change', () => {
        const spec = history[Number(select.value)];
        const caption = fig.querySelector('figcaption');
        if (caption) caption.textContent = spec.title;
        app.drawChart(box, spec);
      });
      queue.push([box, history[0]]);
    }
    // One chart per task so the page stays responsive while they draw.
    const next = () => {
      const item = queue.shift();
      if (!item) {
        document.body.dataset.charts = 'drawn';
        return;
      }
      app.drawChart(item[0], item[1]);
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  };
}
