import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pageScript } from './page-script.js';
import { pageStyles } from './styles.js';

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` become \u003c, \u003e,
 * \u0026 (so no string in the data can close the element or open a comment), and U+2028/2029 are
 * escaped too. JSON.parse reads all of them back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Script text safe inside <script>: no `</script` or `<!--` can end or bend the element. */
function safeScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

let chartJsSource: string | undefined;

/** chart.js's UMD build (defines the global `Chart`), read from node_modules once. */
function chartJsUmd(): string {
  if (chartJsSource === undefined) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('chart.js'); // …/chart.js/dist/chart.cjs (the UMD file is not in "exports")
    chartJsSource = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8')
      .replace(/\n\/\/# sourceMappingURL=.*$/m, '')
      // The page holds no external URL at all: licence banners keep their text, minus the scheme.
      .replace(/\/\*![\s\S]*?\*\//g, (banner) => banner.replace(/https?:\/\//g, ''));
  }
  return chartJsSource;
}

const BODY = `<header class="top">
<div class="wrap">
<h1 id="title"></h1>
<p class="subtitle" id="subtitle"></p>
<nav><a href="#leaderboard">Leaderboard</a><a href="#safety">Safety</a><a href="#charts">Charts</a><a href="#cost">Cost</a><a href="#history">History</a><a href="#drilldown">Drill-down</a><a href="#samples">Samples</a><a href="#provenance">Provenance</a></nav>
</div>
</header>
<main class="wrap">
<section id="notes" class="notes" hidden></section>
<section id="leaderboard">
<h2>Leaderboard</h2>
<p class="hint">Headline metric per benchmark with its 95% interval, ×100 for fractions. ★ marks the best in each column; a greyed suite average marked k/N covers only k of the suite's N benchmarks, is never starred and ranks after the complete ones. Click a column header to sort, a score for its drill-down.</p>
<div class="table-wrap board-wrap"><table id="board" class="board"></table></div>
</section>
<section id="safety" hidden>
<h2>Safety</h2>
<p class="note">Harmful compliance (unsafe prompts answered), over-refusal (safe prompts refused fully or partly), disclaimer rate (answered safe prompts that advise a professional or warn of risk), and the judge's numbers when a judge ran; 95% bootstrap intervals. Each header names the scorer that produced the column.</p>
<div id="safety-body"></div>
</section>
<section id="charts">
<h2>Scores by suite</h2>
<div id="suites-charts" class="chart-grid"></div>
<h2>Strategies compared</h2>
<div id="strategies-charts" class="chart-grid"></div>
</section>
<section id="cost">
<h2>Cost per question</h2>
<div id="cost-charts" class="chart-grid two"></div>
</section>
<section id="history">
<h2>Score history</h2>
<label class="control">Benchmark <select id="history-select"></select></label>
<div id="history-charts" class="chart-grid"></div>
</section>
<section id="drilldown">
<h2>Benchmark drill-down</h2>
<label class="control">Benchmark <select id="drill-select"></select></label>
<div id="drill-body"></div>
</section>
<section id="samples">
<h2>Sample explorer</h2>
<div class="filters">
<label class="control">Model <select id="f-row"></select></label>
<label class="control">Benchmark <select id="f-bench"></select></label>
<label class="control">Status <select id="f-status"></select></label>
<label class="control">Order <select id="f-sort"><option value="problems">errors, unparsed, wrong first</option><option value="order">dataset order</option><option value="score-asc">score, lowest first</option><option value="score-desc">score, highest first</option></select></label>
<label class="control grow">Search <input id="f-query" type="search" placeholder="words in the question, options, answers…" autocomplete="off"></label>
</div>
<p id="sample-note" class="note" hidden></p>
<p id="sample-count" class="count"></p>
<div id="sample-list"></div>
<div id="sample-pager" class="pager"></div>
</section>
</main>
<footer id="provenance-wrap"><div class="wrap"><h2 id="provenance-title">Provenance</h2><div id="provenance"></div></div></footer>`;

/**
 * The whole page: markup without data, the data as inert JSON, chart.js and the page script inline.
 * A Content-Security-Policy allows exactly these scripts and this stylesheet (by hash) and no
 * network at all, so even a string that escaped escaping could not run or load anything.
 */
export function renderHtml(title: string, dataJson: string, samplesJson: string): string {
  const chart = safeScript(chartJsUmd());
  const page = safeScript(pageScript());
  const css = pageStyles;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256Source(chart)} ${sha256Source(page)}`,
    `style-src ${sha256Source(css)}`,
    "img-src 'none'",
    "connect-src 'none'",
    "font-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    BODY,
    `<script type="application/json" id="report-data">${dataJson}</script>`,
    `<script type="application/json" id="report-samples">${samplesJson}</script>`,
    `<script>${chart}</script>`,
    `<script>${page}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
