import { writeFileAtomic } from '../util/atomic-write.js';
import { version } from '../version.js';
import { buildReportData } from './data/build-data.js';
import { buildChartSpecs } from './charts/chart-specs.js';
import { collectSamples, defaultSampleBudget, type SampleBudget } from './data/collect-samples.js';
import { credentialedIn, credentialedNote } from './data/credentialed-text.js';
import { embedJson, renderHtml } from './page/html.js';
import { loadRunGroups, type RunGroup } from './data/load-runs.js';
import { emptyHistoryNote } from './data/history-note.js';
import { readHistory } from './data/read-history.js';
import type { HistoryPoint, ReportData } from './data/report-data.js';
import { ExitCode, UserError } from '../util/errors.js';

export interface ReportOptions {
  /** History file (JSON Lines, one line per benchmark per run) drawn with the runs' own points. */
  historyFile?: string;
  title?: string;
  /** How many samples (and bytes of them) the sample explorer embeds; see collect-samples.ts. */
  samples?: Partial<SampleBudget>;
  /** Embed the sample text of credentialed benchmarks too (--include-credentialed-text). */
  includeCredentialedText?: boolean;
}

export interface LoadedReport {
  data: ReportData;
  groups: RunGroup[];
}

/** Reads every run.json (and the history file) and builds the report data with its chart specs. */
export function loadReport(dirs: string[], options: ReportOptions = {}): LoadedReport {
  if (dirs.length === 0) throw new UserError('no result directories to report on (pass RESULT DIRS)', ExitCode.usage);
  const groups = loadRunGroups(dirs);
  const notes: string[] = [];
  let history: HistoryPoint[] = [];
  if (options.historyFile) {
    const read = readHistory(options.historyFile);
    history = read.points;
    if (read.skipped > 0) notes.push(`${options.historyFile}: ${read.skipped} line(s) skipped (not JSON, or missing model, strategy, benchmark, value or date).`);
  }
  const single = groups.length === 1 ? `${groups[0].model} · ${groups[0].strategy} — ` : '';
  const data = buildReportData({ groups, history, title: options.title ?? `${single}aloe-eval report`, version, notes });
  data.charts = buildChartSpecs(data);
  if (!data.charts.some((c) => c.section === 'history')) data.historyEmpty = emptyHistoryNote(data, options.historyFile);
  return { data, groups };
}

/** Builds the HTML of a loaded report (reads the newest run of each row's samples.jsonl). */
export function renderReport(report: LoadedReport, options: ReportOptions = {}): string {
  const budget = { ...defaultSampleBudget, ...options.samples };
  const hidden = options.includeCredentialedText ? new Set<string>() : credentialedIn(report.groups);
  if (hidden.size > 0) report.data.notes.push(credentialedNote(hidden));
  const samples = collectSamples(report.data, report.groups.map((g) => g.newest.dir), budget, hidden);
  return renderHtml(report.data.title, embedJson(report.data), embedJson(samples));
}

/**
 * One self-contained HTML report over result directories.
 *
 * @example
 * await writeReport(['results/2025-01-01-aloe-plain'], 'results/2025-01-01-aloe-plain/report.html');
 */
export async function writeReport(dirs: string[], outFile: string, options: ReportOptions = {}): Promise<{ bytes: number }> {
  const report = loadReport(dirs, options);
  const bytes = writeFileAtomic(outFile, renderReport(report, options));
  return { bytes };
}
