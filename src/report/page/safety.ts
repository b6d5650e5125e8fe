import type { PageApp } from './page-app.js';

/**
 * The safety section: for each safety benchmark, one row per model × strategy with every rate
 * (which scorer produced it, and whether lower is better in the header), κ and judge errors; then
 * the headline rate per category (AMA principle, XSTest type, risk case). Hidden when no run has
 * a safety benchmark. Self-contained (see page-app.ts).
 */
export function installSafety(app: PageApp): void {
  app.renderSafety = function renderSafety() {
    const { data } = app;
    const host = app.byId('safety-body');
    const section = app.byId('safety');
    const benches = data.benchmarks.filter((b) => data.rows.some((r) => r.cells[b.name]?.safety));
    section.hidden = benches.length === 0;
    const pct = (v: number) => (v * 100).toFixed(1);
    const show = (name: string, m: { value: number; ci95: [number, number]; n: number }) =>
      name === 'mean_harmfulness' ? `${m.value.toFixed(2)} [${m.ci95[0].toFixed(2)}–${m.ci95[1].toFixed(2)}] n=${m.n}` : `${pct(m.value)} [${pct(m.ci95[0])}–${pct(m.ci95[1])}] n=${m.n}`;
    for (const b of benches) {
      const rows = data.rows.filter((r) => r.cells[b.name]?.safety);
      const names: string[] = [];
      const meta = new Map<string, string>();
      for (const r of rows) {
        for (const [name, m] of Object.entries(r.cells[b.name].safety!.metrics)) {
          if (!names.includes(name)) names.push(name);
          meta.set(name, `${m.scorer} · ${m.direction} is better`);
        }
      }
      const head = app.el('tr', null, app.el('th', { scope: 'col' }, 'model · strategy'), ...names.map((n) => app.el('th', { scope: 'col', title: meta.get(n) ?? '' }, n, app.el('span', { class: 'sub' }, meta.get(n) ?? ''))), app.el('th', { scope: 'col' }, 'κ rule vs judge'), app.el('th', { scope: 'col' }, 'judge errors'));
      const body = rows.map((r) => {
        const s = r.cells[b.name].safety!;
        const a = s.agreement;
        return app.el('tr', null, app.el('th', { scope: 'row' }, r.label), ...names.map((n) => app.el('td', null, s.metrics[n] ? show(n, s.metrics[n]) : '—')),
          app.el('td', { title: a ? `${a.scorers.join(' vs ')} on ${a.labels}` : '' }, a ? `${a.kappa === null ? 'n/a' : a.kappa.toFixed(3)} (n=${a.n})` : '—'),
          app.el('td', null, s.judgeErrors === undefined ? '—' : String(s.judgeErrors)));
      });
      host.append(app.el('h3', null, b.name), app.el('div', { class: 'table-wrap' }, app.el('table', { class: 'data safety-rates' }, app.el('thead', null, head), app.el('tbody', null, ...body))));

      // Headline rate per category.
      const metric = b.metric;
      const field = rows.map((r) => r.cells[b.name].safety!.categoryField).find(Boolean);
      const cats = [...new Set(rows.flatMap((r) => Object.keys(r.cells[b.name].safety!.categories?.[metric] ?? {})))].sort();
      if (!field || cats.length === 0) continue;
      const catHead = app.el('tr', null, app.el('th', { scope: 'col' }, 'model · strategy'), ...cats.map((c) => app.el('th', { scope: 'col' }, c)));
      const catBody = rows.map((r) => {
        const byCat = r.cells[b.name].safety!.categories?.[metric] ?? {};
        return app.el('tr', null, app.el('th', { scope: 'row' }, r.label), ...cats.map((c) => app.el('td', null, byCat[c] ? show(metric, byCat[c]) : '—')));
      });
      host.append(app.el('p', { class: 'note' }, `${metric} by ${field} (lower is better)`), app.el('div', { class: 'table-wrap' }, app.el('table', { class: 'data safety-categories' }, app.el('thead', null, catHead), app.el('tbody', null, ...catBody))));
    }
  };
}
