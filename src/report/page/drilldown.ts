import type { GroupResult } from '../../types/results.js';
import type { ChartSpec } from '../data/report-data.js';
import type { PageApp } from './page-app.js';

/** Per-benchmark drill-down: every metric of every row, then each breakdown (subject, category…) as a table and chart. */
export function installDrilldown(app: PageApp): void {
  function th(text: string, sub?: string): HTMLTableCellElement {
    return app.el('th', { scope: 'col' }, text, sub ? app.el('span', { class: 'sub' }, sub) : null);
  }

  function summary(benchIndex: number): HTMLElement {
    const { data } = app;
    const bench = data.benchmarks[benchIndex];
    const table = app.el('table', { class: 'data' });
    table.append(app.el('thead', null, app.el('tr', null,
      th('Model · strategy'), th(bench.metric, 'headline'), th('95% interval'),
      ...bench.otherMetrics.map((m) => th(m)),
      th('n'), th('Unparsed'), th('Errors'), th('Calls', 'per question'), th('Tokens', 'per question'), th('Samples'))));
    const tbody = app.el('tbody');
    const best = Math.max(...data.rows.map((r) => r.cells[bench.name]?.value ?? -Infinity));
    data.rows.forEach((row, i) => {
      const c = row.cells[bench.name];
      if (!c) return;
      const button = app.el('button', { type: 'button', class: 'link', 'data-row': String(i) }, 'explore →');
      button.addEventListener('click', () => app.openSamples({ row: i, bench: benchIndex }));
      const kinds = Object.entries(c.errorKinds ?? {}).map(([k, n]) => `${k} ×${n}`).join(', ');
      const tr = app.el('tr', null,
        app.el('th', { scope: 'row' }, row.label),
        app.el('td', { class: c.value === best && data.rows.length > 1 ? 'best' : '' }, app.fmt(c.metric, c.value)),
        app.el('td', { class: 'muted' }, app.fmtCi(c.metric, c.ci95)),
        ...bench.otherMetrics.map((m) => app.el('td', null, c.metrics?.[m] ? `${app.fmt(m, c.metrics[m].value)} ` : '—', c.metrics?.[m] ? app.el('span', { class: 'ci' }, app.fmtCi(m, c.metrics[m].ci95)) : null)),
        app.el('td', null, app.fmtInt(c.n)),
        app.el('td', null, app.fmtInt(c.unparsed)),
        app.el('td', { title: kinds }, app.fmtInt(c.errors), kinds ? app.el('span', { class: 'sub' }, kinds) : null),
        app.el('td', null, c.n ? (c.usage.calls / c.n).toFixed(2) : '—'),
        app.el('td', null, c.n ? app.fmtInt((c.usage.promptTokens + c.usage.completionTokens) / c.n) : '—'),
        app.el('td', null, button),
      );
      tbody.append(tr);
    });
    table.append(tbody);
    return app.el('div', { class: 'table-wrap' }, table);
  }

  function breakdown(benchIndex: number, field: string): HTMLElement {
    const { data } = app;
    const bench = data.benchmarks[benchIndex];
    const rows = data.rows.filter((r) => r.cells[bench.name]?.groups?.[field]);
    const names = [...new Set(rows.flatMap((r) => Object.keys(r.cells[bench.name].groups![field])))].sort((a, b) => a.localeCompare(b));
    const group = (r: (typeof rows)[number], g: string): GroupResult | undefined => r.cells[bench.name].groups![field][g];
    const table = app.el('table', { class: 'data' });
    table.append(app.el('thead', null, app.el('tr', null, th(field), th('n'), ...rows.map((r) => th(r.model, r.strategy)))));
    const tbody = app.el('tbody');
    for (const g of names) {
      const values = rows.map((r) => group(r, g)?.value);
      const present = values.filter((v): v is number => typeof v === 'number');
      const best = present.length > 1 ? Math.max(...present) : NaN;
      const n = rows.map((r) => group(r, g)?.n).find((v) => typeof v === 'number');
      tbody.append(app.el('tr', null,
        app.el('th', { scope: 'row' }, g),
        app.el('td', null, n === undefined ? '—' : app.fmtInt(n)),
        ...rows.map((r) => {
          const gr = group(r, g);
          if (!gr) return app.el('td', { class: 'missing' }, '—');
          return app.el('td', { class: gr.value === best ? 'best' : '', title: `n = ${gr.n} · 95% ${app.fmtCi(bench.metric, gr.ci95)}` }, app.fmt(bench.metric, gr.value));
        })));
    }
    table.append(tbody);
    const section = app.el('div', { class: 'breakdown' }, app.el('h4', null, `By ${field}`), app.el('div', { class: 'table-wrap' }, table));
    if (names.length <= 40 && rows.length > 0) {
      const spec: ChartSpec = {
        id: `groups-${benchIndex}-${field}`,
        section: 'groups',
        title: `${bench.name} by ${field}`,
        type: 'bar',
        horizontal: true,
        labels: names,
        yLabel: bench.metric,
        percent: data.metrics[bench.metric]?.percent ?? false,
        datasets: rows.map((r) => ({ label: r.label, color: r.color, data: names.map((g) => group(r, g)?.value ?? null), ci: names.map((g) => group(r, g)?.ci95 ?? null) })),
      };
      const box = app.el('div', { class: 'chart-box' });
      box.style.height = `${Math.min(1600, 80 + names.length * Math.max(18, rows.length * 9))}px`;
      section.append(app.el('figure', { class: 'chart', 'data-spec': spec.id }, box));
      setTimeout(() => app.drawChart(box, spec), 0);
    }
    return section;
  }

  function render(benchIndex: number): void {
    const body = app.byId('drill-body');
    body.textContent = '';
    const bench = app.data.benchmarks[benchIndex];
    if (!bench) return;
    body.append(summary(benchIndex));
    if (bench.groupFields.length === 0) body.append(app.el('p', { class: 'empty' }, 'No per-subject or per-category breakdown in these results.'));
    for (const field of bench.groupFields) body.append(breakdown(benchIndex, field));
  }

  app.renderDrilldown = function renderDrilldown() {
    const select = app.byId<HTMLSelectElement>('drill-select');
    select.textContent = '';
    app.data.benchmarks.forEach((b, i) => select.append(app.el('option', { value: String(i) }, b.name)));
    select.addEventListener('change', () => render(Number(select.value)));
    render(0);
  };

  app.showDrilldown = function showDrilldown(benchmark) {
    const index = app.data.benchmarks.findIndex((b) => b.name === benchmark);
    if (index < 0) return;
    app.byId<HTMLSelectElement>('drill-select').value = String(index);
    render(index);
    app.byId('drilldown').scrollIntoView({ behavior: 'auto', block: 'start' });
  };
}
