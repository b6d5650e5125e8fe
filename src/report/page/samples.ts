import type { SampleFilter, PageApp } from './page-app.js';

/**
 * The sample explorer: filters (row, benchmark, status, text search), a page of 50 collapsed samples,
 * and each sample's detail built only when it is opened. The sample JSON is parsed the first time the
 * explorer is needed (scrolled near, or used), not at load.
 */
export function installSamples(app: PageApp): void {
  const PAGE = 50;
  let started = false;
  let page = 0;
  let haystacks: string[] | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const controls = () => ({
    row: app.byId<HTMLSelectElement>('f-row'),
    bench: app.byId<HTMLSelectElement>('f-bench'),
    status: app.byId<HTMLSelectElement>('f-status'),
    query: app.byId<HTMLInputElement>('f-query'),
    sort: app.byId<HTMLSelectElement>('f-sort'),
  });

  /** Lower-cased text a search looks in: id, question, options, answers, references, raw outputs, error. */
  function haystack(i: number): string {
    if (!haystacks) haystacks = [];
    let h = haystacks[i];
    if (h === undefined) {
      const { strings, items } = app.samples();
      const [, , id, , , question, d] = items[i];
      const parts = [strings[id], strings[question]];
      if (d.c !== undefined) parts.push(strings[d.c]);
      for (const [key, text] of d.o ?? []) parts.push(`${key}. ${strings[text]}`);
      if (d.t !== undefined) parts.push(strings[d.t]);
      for (const r of d.r ?? []) parts.push(strings[r]);
      for (const a of d.at) parts.push(strings[a.r]);
      if (d.e) parts.push(strings[d.e[0]], strings[d.e[1]]);
      for (const [k, v] of d.m ?? []) parts.push(`${k}: ${strings[v]}`);
      h = parts.join('\n').toLowerCase();
      haystacks[i] = h;
    }
    return h;
  }

  function matching(): number[] {
    const c = controls();
    const { items } = app.samples();
    const row = c.row.value === '' ? -1 : Number(c.row.value);
    const bench = c.bench.value === '' ? -1 : Number(c.bench.value);
    const status = c.status.value === '' ? -1 : Number(c.status.value);
    const words = c.query.value.toLowerCase().split(/\s+/).filter(Boolean);
    const out: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if ((row >= 0 && it[0] !== row) || (bench >= 0 && it[1] !== bench) || (status >= 0 && it[3] !== status)) continue;
      if (words.length > 0) {
        const h = haystack(i);
        if (!words.every((w) => h.includes(w))) continue;
      }
      out.push(i);
    }
    // Status codes: 0 correct, 1 wrong, 2 unparsed, 3 error, 4 scored (open).
    const rank = [3, 2, 1, 0, 4];
    if (c.sort.value === 'problems') out.sort((a, b) => rank[items[a][3]] - rank[items[b][3]] || a - b);
    if (c.sort.value === 'score-asc') out.sort((a, b) => items[a][4] - items[b][4] || a - b);
    if (c.sort.value === 'score-desc') out.sort((a, b) => items[b][4] - items[a][4] || a - b);
    return out;
  }

  function summaryLine(i: number): HTMLElement {
    const { data } = app;
    const { strings, items } = app.samples();
    const [row, bench, id, status, score, question] = items[i];
    const text = strings[question];
    const metric = data.benchmarks[bench]?.metric ?? '';
    return app.el('summary', null,
      app.el('span', { class: `badge s-${app.statusNames[status]}` }, app.statusNames[status]),
      app.el('span', { class: 'chip' }, data.rows[row]?.label ?? ''),
      app.el('span', { class: 'chip bench' }, data.benchmarks[bench]?.name ?? ''),
      app.el('code', { class: 'sid' }, strings[id]),
      app.el('span', { class: 'q' }, text.length > 180 ? `${text.slice(0, 180)}…` : text),
      app.el('span', { class: 'score', title: metric }, status === 4 ? app.fmt(metric, score) : ''),
    );
  }

  function renderList(): void {
    const list = app.byId('sample-list');
    const count = app.byId('sample-count');
    const pager = app.byId('sample-pager');
    const hits = matching();
    const pages = Math.max(1, Math.ceil(hits.length / PAGE));
    page = Math.min(page, pages - 1);
    list.textContent = '';
    const shown = hits.slice(page * PAGE, page * PAGE + PAGE);
    for (const i of shown) {
      const details = app.el('details', { class: 'sample', 'data-index': String(i) }, summaryLine(i));
      details.addEventListener('toggle', () => {
        if (details.open && !details.dataset.rendered) {
          details.dataset.rendered = '1';
          const body = app.el('div', { class: 'sample-body' });
          details.append(body);
          app.renderSampleDetail(i, body);
        }
      });
      list.append(details);
    }
    if (hits.length === 0) list.append(app.el('p', { class: 'empty' }, 'No sample matches these filters.'));
    count.textContent = hits.length === 0 ? '0 samples' : `${page * PAGE + 1}–${page * PAGE + shown.length} of ${hits.length.toLocaleString('en-US')} matching samples`;
    pager.textContent = '';
    const prev = app.el('button', { type: 'button', 'data-page': 'prev' }, '‹ previous');
    const next = app.el('button', { type: 'button', 'data-page': 'next' }, 'next ›');
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    prev.addEventListener('click', () => { page--; renderList(); });
    next.addEventListener('click', () => { page++; renderList(); });
    pager.append(prev, app.el('span', null, `page ${page + 1} of ${pages}`), next);
  }

  function truncationNote(): void {
    const { counts, maxChars } = app.samples();
    let total = 0;
    let shown = 0;
    for (const c of Object.values(counts)) {
      total += c.total;
      shown += c.shown;
    }
    const notes: string[] = [];
    if (shown < total) {
      notes.push(`This report embeds ${shown.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} samples of the newest runs, to keep the file small: errors, unparsed and wrong answers first, then an even spread of the rest, shared fairly across models and benchmarks. Every sample is in each run's samples.jsonl (and in samples.csv with --csv).`);
    }
    if (maxChars > 0) notes.push(`Texts longer than ${maxChars.toLocaleString('en-US')} characters are cut; the cut is marked.`);
    const host = app.byId('sample-note');
    host.textContent = notes.join(' ');
    host.hidden = notes.length === 0;
  }

  /** Draws the explorer from its first page (the sample JSON is parsed here, on first use). */
  function show(): void {
    page = 0;
    started = true;
    truncationNote();
    renderList();
  }

  app.renderSamples = function renderSamples() {
    const { data } = app;
    const c = controls();
    c.row.append(app.el('option', { value: '' }, 'all models · strategies'));
    data.rows.forEach((r, i) => c.row.append(app.el('option', { value: String(i) }, r.label)));
    c.bench.append(app.el('option', { value: '' }, 'all benchmarks'));
    data.benchmarks.forEach((b, i) => c.bench.append(app.el('option', { value: String(i) }, b.name)));
    c.status.append(app.el('option', { value: '' }, 'any status'));
    app.statusNames.forEach((s, i) => c.status.append(app.el('option', { value: String(i) }, s === 'scored' ? 'scored (open-ended)' : s)));
    for (const select of [c.row, c.bench, c.status, c.sort]) select.addEventListener('change', show);
    c.query.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(show, 150);
    });
    const section = app.byId('samples');
    if ('IntersectionObserver' in window) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          if (!started) show();
        }
      }, { rootMargin: '300px' });
      observer.observe(section);
    } else {
      show();
    }
  };

  app.openSamples = function openSamples(filter: SampleFilter) {
    const c = controls();
    c.row.value = filter.row === undefined ? '' : String(filter.row);
    c.bench.value = filter.bench === undefined ? '' : String(filter.bench);
    c.status.value = filter.status === undefined ? '' : String(filter.status);
    show();
    app.byId('samples').scrollIntoView({ behavior: 'auto', block: 'start' });
  };
}
