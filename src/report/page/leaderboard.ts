import type { RowData } from '../data/report-data.js';
import type { PageApp } from './page-app.js';

/** The leaderboard: one row per (model, strategy), sortable by any column, best score per column marked. */
export function installLeaderboard(app: PageApp): void {
  interface Column {
    id: string;
    label: string;
    sub: string;
    kind: 'text' | 'score' | 'cost';
    /** Extra classes: suite columns are shaded, each column group starts with a rule. */
    cls?: string;
    higherIsBetter: boolean;
    /** Under the label: a second line of explanation (suite columns with partial averages). */
    note?: string;
    /** Ranks before value whatever the direction: a suite's partial averages (1) always come after its complete ones (0). */
    tier?(row: RowData): number;
    /** False for a value that must not be starred (a partial average). */
    starrable?(row: RowData): boolean;
    value(row: RowData): number | string | null;
    render(row: RowData, td: HTMLTableCellElement): void;
  }

  function scoreCell(td: HTMLTableCellElement, metric: string, value: number, ci: [number, number] | undefined, note: string): void {
    td.append(app.el('span', { class: 'v' }, app.fmt(metric, value)));
    if (ci) td.append(app.el('span', { class: 'ci' }, app.fmtCi(metric, ci)));
    if (note) td.append(app.el('span', { class: 'note' }, note));
  }

  function columns(): Column[] {
    const { data } = app;
    const cols: Column[] = [
      {
        id: 'model', label: 'Model', sub: '', kind: 'text', higherIsBetter: false,
        value: (r) => r.model,
        render(r, td) {
          td.append(app.el('span', { class: 'swatch', 'data-color': r.color }), app.el('span', { class: 'model' }, r.model));
          if (r.status !== 'complete') td.append(app.el('span', { class: 'chip warn', title: `run ${r.runId} is ${r.status}` }, r.status));
          if (r.limit) td.append(app.el('span', { class: 'chip warn', title: 'samples per benchmark were limited' }, `limit ${r.limit}`));
          if (r.runCount > 1) td.append(app.el('span', { class: 'chip', title: 'runs of this model and strategy in the report (newest shown)' }, `${r.runCount} runs`));
        },
      },
      {
        id: 'strategy', label: 'Strategy', sub: '', kind: 'text', higherIsBetter: false,
        value: (r) => r.strategy,
        render: (r, td) => td.append(app.el('span', { class: 'chip strategy' }, r.strategy)),
      },
    ];
    data.suites.forEach((suite, s) => {
      const total = suite.size;
      const anyPartial = data.rows.some((r) => r.suites[suite.name] && !r.suites[suite.name]!.complete);
      cols.push({
        id: `suite:${suite.name}`, label: suite.name, sub: `${suite.metric} · avg`, kind: 'score', cls: s === 0 ? 'col-suite group-start' : 'col-suite',
        note: anyPartial ? `greyed k/${total}: over k of ${total} benchmarks, not starred, ranked after complete rows` : undefined,
        higherIsBetter: data.metrics[suite.metric]?.higherIsBetter !== false,
        value: (r) => r.suites[suite.name]?.value ?? null,
        tier: (r) => (r.suites[suite.name]?.complete === false ? 1 : 0),
        starrable: (r) => r.suites[suite.name]?.complete !== false,
        render(r, td) {
          const s = r.suites[suite.name];
          if (!s) return void td.append(app.el('span', { class: 'missing' }, '—'));
          scoreCell(td, suite.metric, s.value, undefined, s.complete ? '' : `${s.benchmarks}/${total}`);
          if (!s.complete) {
            td.classList.add('partial');
            td.title = `average over ${s.benchmarks} of the ${total} benchmarks of ${suite.name}: not comparable with a complete average`;
          }
        },
      });
    });
    data.benchmarks.forEach((bench, b) => {
      cols.push({
        id: `bench:${bench.name}`, label: bench.name, sub: bench.metric, kind: 'score', cls: b === 0 ? 'group-start' : '',
        higherIsBetter: data.metrics[bench.metric]?.higherIsBetter !== false,
        value: (r) => r.cells[bench.name]?.value ?? null,
        render(r, td) {
          const c = r.cells[bench.name];
          if (!c) return void td.append(app.el('span', { class: 'missing' }, '—'));
          td.title = `n = ${c.n}${c.unparsed ? ` · ${c.unparsed} unparsed` : ''}${c.errors ? ` · ${c.errors} errors` : ''} · click for the drill-down`;
          td.classList.add('clickable');
          td.dataset.bench = bench.name;
          scoreCell(td, c.metric, c.value, c.ci95, c.metric !== bench.metric ? c.metric : '');
        },
      });
    });
    const perQuestion = (r: RowData, v: number) => (r.usage.questions > 0 ? v / r.usage.questions : null);
    cols.push(
      {
        id: 'calls', label: 'Calls', sub: 'per question', kind: 'cost', cls: 'group-start', higherIsBetter: false,
        value: (r) => perQuestion(r, r.usage.calls),
        render: (r, td) => td.append(app.el('span', { class: 'v' }, (perQuestion(r, r.usage.calls) ?? 0).toFixed(2))),
      },
      {
        id: 'tokens', label: 'Tokens', sub: 'per question', kind: 'cost', higherIsBetter: false,
        value: (r) => perQuestion(r, r.usage.promptTokens + r.usage.completionTokens),
        render: (r, td) => td.append(app.el('span', { class: 'v' }, app.fmtInt(perQuestion(r, r.usage.promptTokens + r.usage.completionTokens) ?? 0))),
      },
    );
    return cols;
  }

  app.renderLeaderboard = function renderLeaderboard() {
    const { rows } = app.data;
    const table = app.byId<HTMLTableElement>('board');
    table.textContent = '';
    const cols = columns();
    const headRow = app.el('tr');
    const bodyRows = rows.map((row, i) => {
      const tr = app.el('tr', { 'data-row': String(i) });
      for (const col of cols) {
        const td = app.el(col.id === 'model' ? 'th' : 'td', { class: `col-${col.kind} ${col.cls ?? ''}`.trim() }) as HTMLTableCellElement;
        if (col.id === 'model') td.setAttribute('scope', 'row');
        col.render(row, td);
        tr.append(td);
      }
      return tr;
    });
    // Best per score column (ties all marked).
    cols.forEach((col, c) => {
      if (col.kind !== 'score') return;
      const starrable = (r: RowData) => !col.starrable || col.starrable(r);
      // A star needs something to beat (two scores in the column); only complete averages can win it.
      if (rows.filter((r) => typeof col.value(r) === 'number').length < 2) return;
      const values = rows.filter(starrable).map((r) => col.value(r)).filter((v): v is number => typeof v === 'number');
      if (values.length === 0) return;
      const best = col.higherIsBetter ? Math.max(...values) : Math.min(...values);
      rows.forEach((r, i) => {
        if (starrable(r) && col.value(r) === best) {
          const cell = bodyRows[i].children[c] as HTMLElement;
          cell.classList.add('best');
          cell.prepend(app.el('span', { class: 'star', title: 'best in this column' }, '★'));
        }
      });
    });
    const tbody = app.el('tbody');
    tbody.append(...bodyRows);
    let sorted: { col: number; dir: 1 | -1 } | null = null;
    const headers: HTMLTableCellElement[] = [];
    cols.forEach((col, c) => {
      const button = app.el('button', { type: 'button', class: 'sort', 'data-col': col.id }, app.el('span', { class: 'h' }, col.label), col.sub ? app.el('span', { class: 'sub' }, col.sub) : null,
        col.note ? app.el('span', { class: 'sub col-note' }, col.note) : null);
      const th = app.el('th', { scope: 'col', class: `col-${col.kind} ${col.cls ?? ''}`.trim(), 'aria-sort': 'none' }, button) as HTMLTableCellElement;
      headers.push(th);
      headRow.append(th);
      button.addEventListener('click', () => {
        // First click: best first for scores, A→Z for text, cheapest first for cost; second click reverses.
        const first: 1 | -1 = col.kind === 'score' && col.higherIsBetter ? -1 : 1;
        sortBy(c, sorted && sorted.col === c ? (sorted.dir === 1 ? -1 : 1) : first);
      });
    });
    function sortBy(c: number, dir: 1 | -1): void {
      const col = cols[c];
      sorted = { col: c, dir };
      const order = rows.map((_, i) => i).sort((a, b) => {
        const va = col.value(rows[a]);
        const vb = col.value(rows[b]);
        if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1; // missing always last
        const tiers = col.tier ? col.tier(rows[a]) - col.tier(rows[b]) : 0;
        if (tiers !== 0) return tiers; // partial suite averages after complete ones, in either direction
        const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
        return cmp * dir || a - b;
      });
      for (const i of order) tbody.append(bodyRows[i]);
      headers.forEach((h, j) => h.setAttribute('aria-sort', j === c ? (dir === 1 ? 'ascending' : 'descending') : 'none'));
    }
    table.append(app.el('thead', null, headRow), tbody);
    // Ranked at load by the first score column (the first suite average, else the first benchmark).
    const rankBy = cols.findIndex((col) => col.kind === 'score');
    if (rankBy >= 0) sortBy(rankBy, cols[rankBy].higherIsBetter ? -1 : 1);
    tbody.addEventListener('click', (event) => {
      const cell = (event.target as HTMLElement).closest('td.clickable') as HTMLElement | null;
      if (cell?.dataset.bench) app.showDrilldown(cell.dataset.bench);
    });
    // Row colour swatches: set through CSSOM (no style attributes, so the CSP can forbid them).
    for (const sw of Array.from(table.querySelectorAll<HTMLElement>('.swatch'))) sw.style.background = sw.dataset.color ?? '';
  };
}
