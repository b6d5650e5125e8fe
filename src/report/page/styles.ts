/** The report's stylesheet (inlined; allowed by hash in the page's Content-Security-Policy). */
export const pageStyles = `
:root { --ink: #1d2433; --muted: #5f6b7a; --line: #e3e7ee; --soft: #f5f7fa; --accent: #2f5d9a; --best: #e7f4e8; --best-ink: #1e6b2d; --warn: #a15c00; }
* { box-sizing: border-box; }
html { scroll-behavior: auto; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
.wrap { max-width: 1480px; margin: 0 auto; padding: 0 24px; }
header.top { background: linear-gradient(180deg, #f3f6fb, #fff); border-bottom: 1px solid var(--line); padding: 18px 0 8px; }
h1 { margin: 0; font-size: 24px; letter-spacing: -0.01em; }
.subtitle { margin: 4px 0 10px; color: var(--muted); }
nav { display: flex; gap: 16px; flex-wrap: wrap; font-size: 13px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
section { margin: 28px 0; }
h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 22px 0 6px; }
h4 { font-size: 14px; margin: 18px 0 6px; }
.hint, .count, .empty, .note { color: var(--muted); margin: 4px 0 10px; }
.note { background: #fff8e6; border: 1px solid #f1dfb0; padding: 8px 12px; border-radius: 6px; color: #6b5416; }
.notes p { background: #fff8e6; border: 1px solid #f1dfb0; padding: 6px 12px; border-radius: 6px; margin: 4px 0; color: #6b5416; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
tbody tr:last-child th, tbody tr:last-child td { border-bottom: 0; }
table.board thead th { background: var(--soft); position: sticky; top: 0; z-index: 1; padding: 0; vertical-align: bottom; }
table.board td.col-score, table.board td.col-cost { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.board tbody th { white-space: nowrap; font-weight: 600; position: sticky; left: 0; background: #fff; z-index: 1; }
table.board thead th:first-child { position: sticky; left: 0; z-index: 2; }
table.board tbody tr:hover { background: #fafbfd; }
button.sort { all: unset; box-sizing: border-box; display: flex; flex-direction: column; width: 100%; padding: 8px 10px; cursor: pointer; }
th.col-score button.sort, th.col-cost button.sort { align-items: flex-end; text-align: right; }
button.sort:hover { background: #eaeef5; }
button.sort:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
button.sort .h { font-weight: 600; white-space: nowrap; }
th[aria-sort="descending"] .h::after { content: " ▼"; color: var(--accent); }
th[aria-sort="ascending"] .h::after { content: " ▲"; color: var(--accent); }
.sub { display: block; font-weight: 400; font-size: 11px; color: var(--muted); }
.v { font-weight: 600; font-size: 15px; }
span.ci { display: block; font-size: 11px; color: var(--muted); font-weight: 400; }
.note:empty { display: none; }
td .note, td span.note { display: block; font-size: 11px; color: var(--warn); background: none; border: 0; padding: 0; margin: 0; }
td.best { background: var(--best); }
td.best .v, table.data td.best { color: var(--best-ink); font-weight: 700; }
.star { color: #d49b00; margin-right: 4px; font-size: 12px; }
td.clickable { cursor: pointer; }
td.clickable:hover .v { text-decoration: underline; }
.missing { color: #b6bdc8; }
/* A suite average over fewer benchmarks than the suite has: greyed, never starred. */
td.partial .v { color: var(--muted); }
td.partial .note { color: var(--muted); }
.sub.col-note { max-width: 14em; white-space: normal; font-style: italic; }
td.muted { color: var(--muted); font-size: 12px; }
table.board .group-start { border-left: 1px solid var(--line); }
table.board td.col-suite { background: #fafbfd; }
table.board td.col-suite.best { background: var(--best); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; vertical-align: baseline; }
.chip { display: inline-block; font-size: 11px; font-weight: 500; padding: 1px 7px; margin-left: 6px; border-radius: 10px; background: #eef1f6; color: #3d4757; white-space: nowrap; }
.chip.strategy { margin-left: 0; background: #e8eefc; color: #244a8a; }
.chip.warn { background: #fff1d6; color: var(--warn); }
.chip.bench { background: #f0ecf8; color: #57407f; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 18px; }
.chart-grid.two { grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 8px; background: #fff; min-width: 0; }
figure.chart.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.chart-box { position: relative; width: 100%; }
label.control { display: inline-flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 3px; margin: 0 12px 10px 0; }
label.control.grow { flex: 1; min-width: 240px; }
select, input[type="search"] { font: inherit; color: var(--ink); padding: 5px 8px; border: 1px solid #c9d0da; border-radius: 6px; background: #fff; }
.filters { display: flex; flex-wrap: wrap; align-items: flex-end; }
table.data th { background: var(--soft); font-weight: 600; }
table.data tbody th { background: none; white-space: nowrap; }
table.data td { font-variant-numeric: tabular-nums; }
table.small { font-size: 12.5px; }
button.link { all: unset; color: var(--accent); cursor: pointer; white-space: nowrap; }
button.link:hover { text-decoration: underline; }
.breakdown { margin-top: 10px; }
.breakdown figure.chart { margin-top: 10px; }
details.sample { border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; background: #fff; }
details.sample[open] { box-shadow: 0 1px 4px rgba(20, 30, 60, 0.08); }
details.sample > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 8px; align-items: baseline; list-style: none; }
details.sample > summary::-webkit-details-marker { display: none; }
details.sample > summary::before { content: "▸"; color: var(--muted); }
details.sample[open] > summary::before { content: "▾"; }
summary .chip { margin-left: 0; }
summary .sid { font-size: 11.5px; color: var(--muted); white-space: nowrap; }
summary .q { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
summary .score { font-variant-numeric: tabular-nums; color: var(--muted); }
.badge { display: inline-block; min-width: 64px; text-align: center; font-size: 11px; font-weight: 600; padding: 1px 6px; border-radius: 4px; text-transform: uppercase; letter-spacing: 0.03em; }
.s-correct { background: #dff3e3; color: #1e6b2d; }
.s-wrong { background: #fde2e1; color: #a4262c; }
.s-unparsed { background: #fff1d6; color: #8a5300; }
.s-error { background: #3b1f1f; color: #ffd7d7; }
.s-scored { background: #e8eefc; color: #244a8a; }
.sample-body { padding: 4px 16px 14px; border-top: 1px solid var(--line); }
dl.facts-grid { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 10px 0; }
dl.facts-grid dt { color: var(--muted); }
dl.facts-grid dd { margin: 0; }
.block { margin: 10px 0; }
.block .label { font-size: 12px; font-weight: 600; color: var(--muted); margin-bottom: 3px; text-transform: uppercase; letter-spacing: 0.03em; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12.5px/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", monospace; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; max-height: 420px; overflow: auto; }
.block.raw pre { background: #f4f8f2; border-color: #d9e7d3; }
.block.error pre { background: #fff0f0; border-color: #f2caca; }
ol.options { list-style: none; padding: 0; margin: 0; }
ol.options li { padding: 4px 8px; border-radius: 5px; }
ol.options li.gold { background: var(--best); }
ol.options li.answer:not(.gold) { background: #fde2e1; }
ol.options .mark { margin-left: 10px; font-size: 11px; font-weight: 600; color: var(--muted); }
.attempts h4 { margin-top: 16px; }
section.attempt { border-left: 3px solid #c9d6ee; padding: 2px 0 2px 12px; margin: 12px 0; }
section.attempt h5 { margin: 0 0 2px; font-size: 13px; }
.facts, .perm { font-size: 12px; color: var(--muted); margin-bottom: 6px; }
.msg { margin: 6px 0; }
.msg .role { font-size: 11px; font-weight: 700; text-transform: uppercase; color: var(--muted); margin-bottom: 2px; }
.msg.role-system pre { background: #f7f5fb; }
.msg.role-assistant pre { background: #f4f8f2; }
details.earlier > summary { cursor: pointer; font-size: 12px; color: var(--accent); margin: 4px 0; }
.pager { display: flex; gap: 12px; align-items: center; margin: 10px 0; color: var(--muted); }
.pager button { font: inherit; padding: 4px 10px; border: 1px solid #c9d0da; border-radius: 6px; background: #fff; cursor: pointer; }
.pager button:disabled { opacity: 0.4; cursor: default; }
footer#provenance-wrap { margin-top: 40px; padding: 8px 0 40px; border-top: 1px solid var(--line); background: var(--soft); font-size: 13px; }
footer .table-wrap { background: #fff; }
footer .generated { color: var(--muted); }
code { font: 12px ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; }
code.opts { display: block; color: var(--muted); font-size: 11px; }
@media print { nav, .filters, .pager { display: none; } }
`;
