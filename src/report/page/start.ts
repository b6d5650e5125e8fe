import type { ReportData, SampleData } from '../data/report-data.js';
import type { PageApp } from './page-app.js';

/** Reads the embedded data and draws the page: leaderboard first (so it is usable at once), charts after. */
export function startPage(app: PageApp): void {
  const read = <T>(id: string): T => JSON.parse(document.getElementById(id)?.textContent ?? 'null') as T;
  app.data = read<ReportData>('report-data');
  let samples: SampleData | null = null;
  app.samples = () => {
    if (!samples) samples = read<SampleData>('report-samples') ?? { strings: [], items: [], counts: {}, maxChars: 0 };
    return samples;
  };
  const { data } = app;
  document.title = data.title;
  app.byId('title').textContent = data.title;
  const models = new Set(data.rows.map((r) => r.model)).size;
  app.byId('subtitle').textContent = `${models} model${models === 1 ? '' : 's'} · ${data.rows.length} model × strategy row${data.rows.length === 1 ? '' : 's'} · ${data.benchmarks.length} benchmark${data.benchmarks.length === 1 ? '' : 's'} · generated ${app.fmtDate(data.generatedAt)}`;
  const notes = app.byId('notes');
  for (const note of data.notes) notes.append(app.el('p', null, note));
  notes.hidden = data.notes.length === 0;

  app.renderLeaderboard();
  app.renderSafety();
  app.renderDrilldown();
  app.renderSamples();
  app.renderProvenance();
  document.body.dataset.ready = '1';
  app.renderCharts();
}
